import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Sandbox } from '@lanes/test-utils';
import { fetchRefs } from '../src/index.js';
import { openClone, seededSandbox } from './helpers.js';

let sandbox: Sandbox | undefined;
afterEach(async () => sandbox?.cleanup());

// `git worktree add` (a parallel `lanes claim --worktree` in the same clone) first gives
// the new worktree an all-zero HEAD; a fetch that checks what it received against every
// ref meanwhile fails with "bad object worktrees/<name>/HEAD". The placeholder is made
// here as git makes it, and the remote's pack-objects hook (protected config: a global
// config file of the test's own) takes it away as the second fetch attempt is served —
// the order of a real run, without racing a clock.
/** The administrative folder `git worktree add` makes first, with its all-zero HEAD. */
async function placeholderWorktree(target: Sandbox, clone: string): Promise<string> {
  const admin = join(clone, '.git', 'worktrees', 'tree');
  await mkdir(admin, { recursive: true });
  await writeFile(join(admin, 'HEAD'), `${'0'.repeat(40)}\n`);
  await writeFile(join(admin, 'gitdir'), `${join(target.root, 'tree', '.git')}\n`);
  await writeFile(join(admin, 'commondir'), '../..\n');
  return admin;
}

/** Something the clone does not have yet, so a fetch receives objects and checks them. */
async function newWork(target: Sandbox, other: string): Promise<void> {
  await target.git(other, 'commit', '-q', '--allow-empty', '-m', 'new work');
  await target.git(other, 'push', '-q', 'origin', 'HEAD:refs/heads/new-work');
}

it('a fetch meeting the placeholder HEAD of a worktree being added tries again', async () => {
  sandbox = await seededSandbox(2);
  const [clone, other] = sandbox.clones as [string, string];
  const admin = await placeholderWorktree(sandbox, clone);

  const served = join(sandbox.root, 'served');
  const hook = join(sandbox.root, 'pack-objects-hook');
  await writeFile(
    hook,
    `#!/bin/sh\necho served >> '${served}'\n[ "$(wc -l < '${served}')" -ge 2 ] && rm -rf '${admin}'\nexec "$@"\n`,
  );
  await chmod(hook, 0o755);
  const globalConfig = join(sandbox.root, 'global-config');
  await writeFile(globalConfig, `[uploadpack]\n\tpackObjectsHook = ${hook}\n`);

  await newWork(sandbox, other);

  const repo = await openClone(clone, { GIT_CONFIG_GLOBAL: globalConfig });
  expect(await fetchRefs(repo, 'origin', ['+refs/heads/new-work:refs/lanes/probe'])).toBe('ok');
  expect((await readFile(served, 'utf8')).trim().split('\n')).toEqual(['served', 'served']);
  expect(await sandbox.git(clone, 'rev-parse', 'refs/lanes/probe')).toBe(
    await sandbox.git(other, 'rev-parse', 'HEAD'),
  );
});

it('one that stays (a killed worktree add) is E_LOCAL_STATE naming it, with the way out', async () => {
  sandbox = await seededSandbox(2);
  const [clone, other] = sandbox.clones as [string, string];
  const admin = await placeholderWorktree(sandbox, clone);
  await newWork(sandbox, other);
  const repo = await openClone(clone);
  const fetching = fetchRefs(repo, 'origin', ['+refs/heads/new-work:refs/lanes/probe']);
  await expect(fetching).rejects.toMatchObject({
    code: 'E_LOCAL_STATE',
    message: expect.stringContaining(`${admin}/HEAD is still git's placeholder`),
    hint: expect.stringContaining('git worktree remove --force'),
    details: { reason: 'worktree half made', paths: [admin] },
  });
});
