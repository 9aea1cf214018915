import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, runLanes, waitForProcessesUnder, type Sandbox } from '@lanes/test-utils';
import { addReadyPrd } from './lifecycle.js';

// issue 26: after lanes commands, git's own view (git status, git branch -r, local
// main) says what the remote holds, as if the user had run `git fetch --prune`.

describe("git's own view stays true", { timeout: 180_000 }, () => {
  let sandbox: Sandbox;
  let agent: string;
  let other: string;

  const lanes = async (cwd: string, args: string[]) => {
    const result = await runLanes(cwd, [...args, '--json']);
    expect(result.exitCode, `lanes ${args.join(' ')}: ${result.stdout}${result.stderr}`).toBe(0);
    return result.json as Record<string, unknown>;
  };
  /** `git status`'s branch header: the upstream and how far ahead/behind. */
  const aheadBehind = async (cwd: string) => {
    const out = await sandbox.git(cwd, 'status', '--porcelain=v2', '--branch');
    return /^# branch\.ab (.*)$/m.exec(out)?.[1] ?? null;
  };
  // A commit fires lanes' post-commit hook, whose detached heartbeat may move main (the
  // coordination branch) after the command under test: wait for it first.
  const hooksSettled = () => waitForProcessesUnder(sandbox.root);
  const remoteBranches = async (cwd: string) =>
    (await sandbox.git(cwd, 'branch', '-r', '--format=%(refname:short)')).split('\n');

  beforeAll(async () => {
    sandbox = await createSandbox({ clones: 2 });
    [agent, other] = sandbox.clones as [string, string];
    // The seed's layout, where every state change moves main: the hardest case for
    // git's view of main (with lanes/state, main moves only when work lands).
    await lanes(agent, ['init', '--branch', 'main']);
    await addReadyPrd(sandbox, agent, 'prd-alpha');
    await addReadyPrd(sandbox, agent, 'prd-beta');
  });
  afterAll(() => sandbox?.cleanup());

  it('after init and prd add, main is level with origin/main', async () => {
    expect(await sandbox.git(agent, 'branch', '--show-current')).toBe('main');
    expect(await aheadBehind(agent)).toBe('+0 -0');
    expect(await sandbox.git(agent, 'rev-parse', 'main')).toBe(
      await sandbox.git(sandbox.remote, 'rev-parse', 'main'),
    );
  });

  it('after claim, the branch tracks its pushed remote branch, nothing ahead or behind', async () => {
    await lanes(agent, ['claim', 'prd-alpha']);
    const branch = await sandbox.git(agent, 'branch', '--show-current');
    // Local main follows the claim's commit on the remote, without being checked out.
    expect(await sandbox.git(agent, 'rev-parse', 'main')).toBe(
      await sandbox.git(sandbox.remote, 'rev-parse', 'main'),
    );
    expect(await sandbox.git(agent, 'rev-parse', 'origin/main')).toBe(
      await sandbox.git(sandbox.remote, 'rev-parse', 'main'),
    );
    // No upstream yet (the branch is the agent's to push), or level with it.
    expect([null, '+0 -0']).toContain(await aheadBehind(agent));
    expect(branch).not.toBe('main');
  });

  it('after release, main is current and the deleted branch is gone from git branch -r', async () => {
    const branch = await sandbox.git(agent, 'branch', '--show-current');
    await sandbox.commit(agent, 'feat: alpha (US-001)', { 'src/prd-alpha/a.ts': 'export {};\n' });
    await hooksSettled();
    await sandbox.git(agent, 'push', '-q', '-u', 'origin', branch);
    expect(await remoteBranches(agent)).toContain(`origin/${branch}`);
    await lanes(agent, ['heartbeat', '--completed', 'US-001']);
    const released = await lanes(agent, ['release']);
    expect(released).toMatchObject({ worktreeBranch: 'main', branchDeleted: true });
    // The progress is kept: the archive says the story passes, the registry counts it.
    const archived = JSON.parse(
      await sandbox.git(sandbox.remote, 'show', `main:${released.archivedTo as string}`),
    );
    expect(archived.userStories).toEqual([expect.objectContaining({ id: 'US-001', passes: true })]);
    const registry = JSON.parse(
      await sandbox.git(sandbox.remote, 'show', 'main:docs/prd-registry.json'),
    );
    expect(registry.completed).toEqual([
      expect.objectContaining({ id: 'prd-alpha', stories: { total: 1, completed: 1 } }),
    ]);
    expect(await sandbox.git(agent, 'branch', '--show-current')).toBe('main');
    expect(await aheadBehind(agent)).toBe('+0 -0');
    expect(await sandbox.git(agent, 'rev-parse', 'main')).toBe(
      await sandbox.git(sandbox.remote, 'rev-parse', 'main'),
    );
    expect(await remoteBranches(agent)).not.toContain(`origin/${branch}`);
  });

  it('after abandon, the same', async () => {
    await lanes(agent, ['claim', 'prd-beta']);
    const branch = await sandbox.git(agent, 'branch', '--show-current');
    await sandbox.commit(agent, 'feat: beta (US-001)', { 'src/prd-beta/b.ts': 'export {};\n' });
    await hooksSettled();
    await sandbox.git(agent, 'push', '-q', '-u', 'origin', branch);
    await lanes(agent, ['abandon', '--reason', 'not needed']);
    expect(await sandbox.git(agent, 'branch', '--show-current')).toBe('main');
    expect(await aheadBehind(agent)).toBe('+0 -0');
    const remoteHas = await sandbox.gitResult(
      sandbox.remote,
      'rev-parse',
      '--verify',
      '-q',
      `refs/heads/${branch}`,
    );
    if (remoteHas.exitCode === 0) {
      expect(await sandbox.git(agent, 'rev-parse', `origin/${branch}`)).toBe(
        remoteHas.stdout.trim(),
      );
    } else {
      expect(await remoteBranches(agent)).not.toContain(`origin/${branch}`);
    }
  });

  it('never moves a local main that has unpushed work', async () => {
    await sandbox.git(other, 'pull', '-q', '--ff-only');
    await sandbox.commit(other, 'wip: local only', { 'notes.txt': 'mine\n' });
    const mine = await sandbox.git(other, 'rev-parse', 'main');
    // Another clone moves the remote's main (a PRD added there).
    await addReadyPrd(sandbox, agent, 'prd-gamma', {
      title: 'gamma',
      description: 'gamma (test)',
      touches: ['src/gamma/**'],
    });
    const claimed = await runLanes(other, ['claim', 'prd-gamma', '--json']);
    expect(claimed.exitCode === 0 || claimed.exitCode === 3, claimed.stdout).toBe(true);
    expect(await sandbox.git(other, 'rev-parse', 'main')).toBe(mine);
  });
});
