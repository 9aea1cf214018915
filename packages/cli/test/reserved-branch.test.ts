import type { Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused, seededSandbox } from './lifecycle.js';

// A PRD whose branch is `refs/heads/main` used to pass `prd add`, `validate` and
// `claim`; pushed, the remote held refs/heads/refs/heads/main and every transaction of
// every session failed. Such names, and main or the coordination branch themselves,
// are refused before anything is written.

describe('a PRD branch that is or shadows main or the coordination branch', () => {
  let sandbox: Sandbox;
  let clone: string;

  beforeAll(async () => {
    sandbox = await seededSandbox({ prds: [{ id: 'prd-base' }] });
    clone = sandbox.clones[0]!;
    const prd = (branchName: string) =>
      JSON.stringify({ title: 'x', branchName, userStories: [{ id: 'US-001', title: 'x' }] });
    await sandbox.write(clone, 'in/prd-refs.json', prd('refs/heads/main'));
    await sandbox.write(clone, 'in/prd-main.json', prd('main'));
    await sandbox.write(clone, 'in/prd-under-main.json', prd('main/work'));
  });
  afterAll(() => sandbox.cleanup());

  it('refuses refs/heads/main as a branch name, naming the field', async () => {
    const error = await expectRefused(
      sandbox,
      clone,
      ['prd', 'add', 'in/prd-refs.json'],
      4,
      'E_INVALID_STATE',
    );
    expect(error.message).toContain('branchName is "refs/heads/main"');
    expect(error.message).toContain('refs/');
  });

  it.each(['in/prd-main.json', 'in/prd-under-main.json'])(
    'refuses %s: the result would be an invalid state',
    async (file) => {
      const error = await expectRefused(sandbox, clone, ['prd', 'add', file], 4, 'E_INVALID_STATE');
      expect(JSON.stringify(error)).toContain('reserved-branch');
    },
  );
});
