import { readFile } from 'node:fs/promises';
import { buildState } from '@lanes/core/testing';
import { createSandbox, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused, lanesJson, seed } from './lifecycle.js';

const GUIDE = new URL('../templates/lanes-agents.md', import.meta.url);

/** The `error.<field>` names the guide's error table gives for a code. */
async function guideFields(code: string): Promise<string[]> {
  const guide = await readFile(GUIDE, 'utf8');
  const row = guide.split('\n').find((line) => line.startsWith(`| \`${code}\``));
  expect(row, `the guide has a row for ${code}`).toBeDefined();
  return [...row!.matchAll(/`error\.([a-zA-Z]+)`/g)].map((m) => m[1]!);
}

describe("the agent guide's error fields appear in real output", () => {
  let sandbox: Sandbox;
  let c1: string;
  let c2: string;

  beforeAll(async () => {
    sandbox = await createSandbox({ clones: 2 });
    [c1, c2] = sandbox.clones as [string, string];
    await seed(
      sandbox,
      c1,
      buildState({
        prds: [{ id: 'prd-alpha' }, { id: 'prd-later', dependsOn: ['prd-alpha'] }],
        completed: [{ id: 'prd-done' }],
      }),
    );
    await lanesJson(c1, ['claim', 'alpha']);
  }, 180_000);
  afterAll(() => sandbox.cleanup());

  it.each<[string, string[]]>([
    ['E_UNKNOWN_PRD', ['claim', 'prd-nope']],
    ['E_PRD_COMPLETED', ['claim', 'prd-done']],
    ['E_ALREADY_CLAIMED', ['claim', 'alpha']],
    ['E_DEPENDENCIES_UNMET', ['claim', 'later']],
    ['E_NOTHING_AVAILABLE', ['claim']],
  ])(
    '%s carries the fields the guide names, directly on `error`',
    async (code, args) => {
      const fields = await guideFields(code);
      expect(fields.length, `the guide names fields for ${code}`).toBeGreaterThan(0);
      const error = await expectRefused(sandbox, c2, args, 3, code);
      for (const field of fields) expect(error, `${code}: error.${field}`).toHaveProperty(field);
      expect(error).not.toHaveProperty('details');
    },
    60_000,
  );
});
