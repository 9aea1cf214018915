import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildState } from '@lanes/core/testing';
import { createSandbox, runLanes, waitForProcessesUnder, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused, lanesJson, seed } from './lifecycle.js';

// The agent guide (docs/lanes-agents.md, the copy lanes init writes) is checked against
// real output: the error fields it names, and its workflow run command by command.

const GUIDE = new URL('../templates/lanes-agents.md', import.meta.url);
const readGuide = () => readFile(GUIDE, 'utf8');

/** The `error.<field>` names the guide's error table gives for a code. */
async function guideFields(code: string): Promise<string[]> {
  const guide = await readGuide();
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

/** The first command of the guide's workflow that starts with `prefix`, as arguments. */
async function workflowCommand(prefix: string): Promise<string[]> {
  const section = (await readGuide()).split('## The workflow')[1]!.split('\n## ')[0]!;
  const command = [...section.matchAll(/`(lanes [^`]+)`/g)]
    .map((match) => match[1]!)
    .find((span) => span.startsWith(`lanes ${prefix}`));
  expect(command, `the guide's workflow has 'lanes ${prefix}…'`).toBeDefined();
  return command!.split(' ').slice(1);
}

describe.each(['lanes/state', 'main'])(
  "the guide's workflow, run literally, with the state on %s",
  (layout) => {
    let sandbox: Sandbox;
    let person: string;
    let agent: string;
    const run = async (prefix: string) => {
      const args = await workflowCommand(prefix);
      const result = await runLanes(agent, args);
      expect(result.exitCode, `lanes ${args.join(' ')}: ${result.stdout}${result.stderr}`).toBe(0);
      return (args.includes('--json') ? result.json : undefined) as Record<string, unknown>;
    };
    // The agent's commits fire the post-commit hook, whose ping runs detached.
    const hooksSettled = () => waitForProcessesUnder(sandbox.root);

    beforeAll(async () => {
      sandbox = await createSandbox({ clones: 2 });
      [person, agent] = sandbox.clones as [string, string];
      const branch = layout === 'main' ? ['--branch', 'main'] : [];
      expect(await lanesJson(person, ['init', ...branch])).toMatchObject({ branch: layout });
      const file = join(sandbox.root, 'prd-guide.json');
      await writeFile(
        file,
        JSON.stringify({
          id: 'prd-guide',
          title: 'Guide',
          description: 'the guide, followed',
          userStories: [
            { id: 'US-001', title: 'one', passes: false },
            { id: 'US-002', title: 'two', passes: false },
          ],
        }),
      );
      await lanesJson(person, ['prd', 'add', file, '--ready']);
      // The agent's clone only installs the hooks: the guide assumes nothing more.
      expect((await runLanes(agent, ['hooks', 'install'])).exitCode).toBe(0);
    }, 180_000);
    afterAll(() => sandbox.cleanup());

    it('status → claim → show → heartbeat → sync → release', { timeout: 180_000 }, async () => {
      const status = await run('status');
      expect(status.available).toEqual([expect.objectContaining({ id: 'prd-guide' })]);
      const claim = await run('claim');
      expect(claim).toMatchObject({ prdId: 'prd-guide', branch: expect.any(String) });
      expect(await run('show')).toMatchObject({ prdId: 'prd-guide', nextStory: 'US-001' });

      await run('heartbeat --story');
      await sandbox.commit(agent, 'feat: add the model (US-002)', { 'src/model.ts': 'model\n' });
      await hooksSettled();
      await run('heartbeat --completed');
      expect(await run('show')).toMatchObject({ completedStories: ['US-002'], currentStory: null });

      // Main moves on meanwhile: sync brings the branch up to date.
      await sandbox.git(person, 'pull', '-q', '--ff-only', 'origin', 'main');
      await sandbox.commit(person, 'docs: meanwhile', { 'README.md': 'moved on\n' });
      await sandbox.git(person, 'push', '-q', 'origin', 'main');
      expect(await run('sync')).toMatchObject({ rebased: true, push: 'pushed' });
      await hooksSettled();

      expect(await run('release')).toMatchObject({ status: 'completed', worktreeBranch: 'main' });
      const ahead = await sandbox.git(agent, 'status', '--porcelain=v2', '--branch');
      expect(ahead).toContain('# branch.ab +0 -0');
      expect(await sandbox.git(sandbox.remote, 'show', 'main:src/model.ts')).toBe('model');
      // Only where the state lives on main does main carry the lanes documents.
      const locksOnMain = await sandbox.gitResult(
        sandbox.remote,
        'cat-file',
        '-e',
        'main:docs/session-locks.json',
      );
      expect(locksOnMain.exitCode === 0).toBe(layout === 'main');
    });
  },
);
