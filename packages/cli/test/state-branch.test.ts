import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createSandbox, run, runLanes, sandboxEnv, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addReadyPrd, lanesJson, remoteLocks } from './lifecycle.js';

// issue 26, "a clean main": with the state on lanes/state (init's default), main gets
// only the work that lands, and a teammate's clone that never ran `lanes init` finds
// the coordinates by itself, in the CLI and in the pre-push hook.

const STATE = 'lanes/state';

describe('the state on lanes/state', { timeout: 240_000 }, () => {
  let sandbox: Sandbox;
  let c1: string;
  let c2: string;
  let mainBefore: string;
  const remoteSha = (ref: string) => sandbox.git(sandbox.remote, 'rev-parse', ref);
  const revList = async (range: string) =>
    (await sandbox.git(sandbox.remote, 'rev-list', range)).split('\n').filter(Boolean);

  beforeAll(async () => {
    sandbox = await createSandbox({ clones: 2, files: { 'src/shared.ts': 'base\n' } });
    [c1, c2] = sandbox.clones as [string, string];
    await lanesJson(c1, ['init', '--no-hooks']);
    for (const id of ['prd-search', 'prd-export', 'prd-report']) {
      await addReadyPrd(sandbox, c1, id);
    }
    mainBefore = await remoteSha('main');
  });
  afterAll(() => sandbox?.cleanup());

  it('heartbeats, queue moves and unblocks add no commit to main; a release adds only the work', async () => {
    const stateBefore = await remoteSha(STATE);
    await lanesJson(c1, ['claim', 'search']);
    // c2 never ran init: the clone it was made from did not know lanes/state yet.
    const export_ = await lanesJson<{ sessionId: string }>(c2, ['claim', 'export']);
    await lanesJson(c1, ['heartbeat', '--story', 'US-001']);
    await lanesJson(c1, ['heartbeat', '--completed', 'US-001']);
    await sandbox.commit(c1, 'feat: search (US-001)', { 'src/shared.ts': 'search\n' });
    await sandbox.commit(c2, 'feat: export (US-001)', { 'src/shared.ts': 'export\n' });
    const queued = await lanesJson(c1, ['release', '--no-wait']);
    expect(queued).toMatchObject({ prdId: 'prd-search' });
    expect(await remoteSha('main')).toBe(mainBefore);
    expect(await revList(`${stateBefore}..${STATE}`)).toHaveLength(5);

    const work = await sandbox.git(c1, 'rev-parse', 'HEAD');
    const released = await lanesJson<{ mergeCommit: string }>(c1, ['release']);
    // Every commit main gained is the session's work or the merge that landed it.
    const landed = await revList(`${mainBefore}..main`);
    const own = await revList(`${mainBefore}..${work}`);
    expect(landed.filter((sha) => !own.includes(sha))).toEqual([released.mergeCommit]);
    const mainAfterRelease = await remoteSha('main');

    const conflict = await runLanes(c2, ['release', '--json']);
    expect(conflict.exitCode).toBe(1);
    expect(conflict.json).toMatchObject({ error: { code: 'E_MERGE_CONFLICT' } });
    const blocked = (await remoteLocks(sandbox, STATE)).find((l) => l.prdId === 'prd-export');
    expect(blocked).toMatchObject({ sessionId: export_.sessionId, status: 'blocked' });
    const unblocked = await lanesJson<{ changed: boolean; commit: string }>(c2, ['unblock']);
    expect(unblocked.changed).toBe(true);
    expect(await remoteSha(STATE)).toBe(unblocked.commit);
    expect(await remoteSha('main')).toBe(mainAfterRelease);
  });

  it('a fresh clone that never ran lanes init: pre-push blocks a hand-edited lock and a colliding push', async () => {
    const fresh = await sandbox.addClone('fresh');
    const git = (args: string[], env: Record<string, string> = {}) =>
      run('git', args, { cwd: fresh, env: sandboxEnv(env) });
    expect((await runLanes(fresh, ['hooks', 'install', '--json'])).exitCode).toBe(0);
    expect((await git(['config', '--get', 'lanes.branch'])).stdout).toBe('');
    expect(existsSync(join(fresh, '.git/lanes/config.json'))).toBe(false);

    // A hand edit of the locks on lanes/state, before any lanes command ran here.
    const tip = await remoteSha(STATE);
    await sandbox.git(fresh, 'switch', '-q', '-c', STATE, `origin/${STATE}`);
    await sandbox.write(fresh, 'docs/session-locks.json', '{ "sessions": [\n');
    await sandbox.git(fresh, 'commit', '-q', '-am', 'chore: edit the locks by hand');
    const edited = await git(['push', '-q', 'origin', STATE]);
    expect(edited.exitCode).not.toBe(0);
    expect(edited.stderr).toMatch(/the lanes documents pushed to lanes\/state are invalid/);
    expect(await remoteSha(STATE)).toBe(tip);
    await sandbox.git(fresh, 'switch', '-q', 'main');

    // A push that collides with the export session's pushed branch.
    const report = await lanesJson<{ branch: string }>(fresh, ['claim', 'report']);
    await sandbox.commit(fresh, 'feat: report (US-001)', { 'src/shared.ts': 'report\n' });
    const collides = await git(['push', '-q', 'origin', report.branch]);
    expect(collides.exitCode).not.toBe(0);
    expect(collides.stderr).toMatch(/conflicts with the work of session .+ \(prd-export on /);
    const pushed = await sandbox.gitResult(
      sandbox.remote,
      'rev-parse',
      '-q',
      '--verify',
      `refs/heads/${report.branch}`,
    );
    expect(pushed.exitCode).not.toBe(0);
  });
});
