import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, runLanes, waitForProcessesUnder, type Sandbox } from '@lanes/test-utils';
import { addReadyPrd, remoteLocks } from './lifecycle.js';

// `lanes sync`: the one recovery path for a branch behind main or blocked by a conflict.

describe('lanes sync', { timeout: 180_000 }, () => {
  let sandbox: Sandbox;
  let agent: string;
  let other: string;
  let branch: string;

  const lanes = async (cwd: string, args: string[]) => {
    const result = await runLanes(cwd, [...args, '--json']);
    expect(result.exitCode, `lanes ${args.join(' ')}: ${result.stdout}${result.stderr}`).toBe(0);
    return result.json as Record<string, unknown>;
  };
  // The agent's commits (and rebases) fire lanes' git hooks, whose detached heartbeat
  // pushes to the coordination branch (lanes/state): wait for it before moving main by hand
  // or comparing the remote's refs.
  const hooksSettled = () => waitForProcessesUnder(sandbox.root);
  const pushMain = async (message: string, files: Record<string, string>) => {
    await hooksSettled();
    await sandbox.git(other, 'pull', '-q', '--ff-only', 'origin', 'main');
    await sandbox.commit(other, message, files);
    await sandbox.git(other, 'push', '-q', 'origin', 'main');
  };

  beforeAll(async () => {
    sandbox = await createSandbox({ clones: 2, files: { 'src/shared.ts': 'base\n' } });
    [agent, other] = sandbox.clones as [string, string];
    await lanes(agent, ['init']);
    await addReadyPrd(sandbox, agent, 'prd-alpha', {
      title: 'alpha',
      description: 'alpha (test)',
      touches: ['src/**'],
    });
    await lanes(agent, ['claim', 'prd-alpha']);
    branch = await sandbox.git(agent, 'branch', '--show-current');
    await sandbox.commit(agent, 'feat: alpha (US-001)', { 'src/shared.ts': 'alpha\n' });
    await sandbox.git(agent, 'push', '-q', '-u', 'origin', branch);
  });
  afterAll(() => sandbox?.cleanup());

  it('rebases a branch that is behind main onto it and pushes it with a lease', async () => {
    await pushMain('docs: unrelated', { 'README.md': 'moved on\n' });
    const main = await sandbox.git(sandbox.remote, 'rev-parse', 'main');
    const result = await lanes(agent, ['sync']);
    expect(result).toMatchObject({
      prdId: 'prd-alpha',
      branch,
      onto: main,
      rebased: true,
      push: 'pushed',
    });
    const remoteTip = await sandbox.git(sandbox.remote, 'rev-parse', `refs/heads/${branch}`);
    expect(remoteTip).toBe(await sandbox.git(agent, 'rev-parse', 'HEAD'));
    expect(
      (await sandbox.gitResult(sandbox.remote, 'merge-base', '--is-ancestor', main, remoteTip))
        .exitCode,
    ).toBe(0);
    const status = await sandbox.git(agent, 'status', '--porcelain=v2', '--branch');
    expect(status).toContain('# branch.ab +0 -0');
  });

  it('refuses a dirty worktree with E_LOCAL_STATE, changing nothing', async () => {
    await sandbox.write(agent, 'src/shared.ts', 'half done\n');
    await hooksSettled();
    const before = await sandbox.git(sandbox.remote, 'for-each-ref');
    const run = await runLanes(agent, ['sync', '--json']);
    expect(run.exitCode).toBe(3);
    expect(run.json).toMatchObject({
      error: { code: 'E_LOCAL_STATE', reason: 'uncommitted changes', paths: ['src/shared.ts'] },
    });
    expect(await sandbox.git(sandbox.remote, 'for-each-ref')).toBe(before);
    await sandbox.git(agent, 'checkout', '--', 'src/shared.ts');
  });

  it('after a conflict blocks the release: stops mid-rebase, then finishes and unblocks', async () => {
    await pushMain('fix: shared on main', { 'src/shared.ts': 'main\n' });
    const release = await runLanes(agent, ['release', '--json']);
    expect(release.exitCode).toBe(1);
    expect(release.json).toMatchObject({ error: { code: 'E_MERGE_CONFLICT' } });
    expect((release.json as { error: { hint: string } }).error.hint).toContain('lanes sync');
    expect(
      (await remoteLocks(sandbox, 'lanes/state')).find((l) => l.prdId === 'prd-alpha')?.status,
    ).toBe('blocked');

    const stopped = await runLanes(agent, ['sync', '--json']);
    expect(stopped.exitCode).toBe(1);
    expect(stopped.json).toMatchObject({
      error: {
        code: 'E_MERGE_CONFLICT',
        files: ['src/shared.ts'],
        next: [
          'edit the conflicting files',
          'git add <files>',
          'GIT_EDITOR=true git rebase --continue',
          'lanes sync',
        ],
      },
    });
    // The rebase is left stopped for the agent; running sync again says the same.
    const again = await runLanes(agent, ['sync', '--json']);
    expect(again.json).toMatchObject({
      error: { code: 'E_MERGE_CONFLICT', files: ['src/shared.ts'] },
    });

    await writeFile(join(agent, 'src/shared.ts'), 'main and alpha\n');
    await sandbox.git(agent, 'add', 'src/shared.ts');
    // The step exactly as `next` gives it, where the editor git would open cannot run
    // (an agent has no terminal): it must not be needed.
    const step = (stopped.json as { error: { next: string[] } }).error.next[2]!;
    await promisify(execFile)('sh', ['-c', step], {
      cwd: agent,
      env: { ...withoutEditor(process.env), EDITOR: 'false', VISUAL: 'false' },
    });
    const synced = await lanes(agent, ['sync']);
    expect(synced).toMatchObject({ branch, push: 'pushed', unblocked: true });
    expect(
      (await remoteLocks(sandbox, 'lanes/state')).find((l) => l.prdId === 'prd-alpha')?.status,
    ).toBe('in_progress');

    await lanes(agent, ['release']);
    expect(await sandbox.git(sandbox.remote, 'show', 'main:src/shared.ts')).toBe('main and alpha');
  });

  it('without a session: E_NO_SESSION', async () => {
    const run = await runLanes(other, ['sync', '--json']);
    expect(run.json).toMatchObject({ error: { code: 'E_NO_SESSION' } });
  });
});

function withoutEditor(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { GIT_EDITOR: _editor, ...rest } = env;
  return rest;
}
