import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LANES_BIN, runLanes, sandboxEnv, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimRecord, lanesFile, remoteLocks, seededSandbox } from './lifecycle.js';

// A claim or resume killed after its push, or interrupted with Ctrl-C, used to leave a
// lock owned by a session that existed nowhere: every re-run was refused ("alive")
// until the stale timeout. The session is now durable before the push, so the re-run
// finishes the start. Two claims at once in one worktree, or for one new worktree path:
// exactly one wins.

const KILLED_AFTER_PUSH = { LANES_TEST_KILL_AT: 'after-push' };

interface StartJson {
  sessionId: string;
  prdId: string;
  branch: string;
  worktree: string;
}

let sandbox: Sandbox;
let gate: string;

beforeAll(async () => {
  sandbox = await seededSandbox({
    prds: [
      { id: 'prd-here' },
      { id: 'prd-tree' },
      { id: 'prd-made' },
      { id: 'prd-early' },
      { id: 'prd-left' },
      { id: 'prd-right' },
      { id: 'prd-ping' },
      { id: 'prd-away' },
      { id: 'prd-stale' },
      { id: 'prd-ctrl' },
      { id: 'prd-race' },
      { id: 'prd-one' },
      { id: 'prd-two' },
      { id: 'prd-same' },
    ],
    locks: [{ sessionId: 'developer-01d01d', prdId: 'prd-stale' }],
  });
  // A pre-receive that holds a push while `gate/closed` exists (`gate/closed-pings`: only
  // a push of heartbeat refs), saying it arrived.
  gate = join(sandbox.root, 'gate');
  const hook = join(sandbox.remote, 'hooks', 'pre-receive');
  await writeFile(
    hook,
    `#!/bin/sh
refs=$(cat)
hold=
[ -e "${gate}/closed" ] && hold=closed
[ -e "${gate}/closed-pings" ] && echo "$refs" | grep -q refs/lanes/heartbeats/ && hold=closed-pings
[ -n "$hold" ] || exit 0
echo $$ > "${gate}/arrived.tmp" && mv "${gate}/arrived.tmp" "${gate}/arrived"
n=0
while [ -e "${gate}/$hold" ] && [ $n -lt 1200 ]; do sleep 0.05; n=$((n+1)); done
exit 0
`,
  );
  await chmod(hook, 0o755);
});
afterAll(() => sandbox.cleanup());

async function closeGate(which: 'closed' | 'closed-pings' = 'closed'): Promise<void> {
  await rm(gate, { recursive: true, force: true });
  await mkdir(gate, { recursive: true });
  await writeFile(join(gate, which), '');
}

async function until(condition: () => boolean, what: string, boundMs = 60_000): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > boundMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

function startLanes(cwd: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [LANES_BIN, ...args], { cwd, env: sandboxEnv(env) });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((done) =>
    child.on('close', (code) => done({ code, stdout, stderr })),
  );
  return { child, exited };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const locksOf = async (prdId: string) =>
  (await remoteLocks(sandbox)).filter((lock) => lock.prdId === prdId);

describe('a start killed after its push', () => {
  it('claim in a worktree without a session: the re-run finishes it', async () => {
    const clone = await sandbox.addClone();
    const killed = await runLanes(clone, ['claim', 'prd-here', '--json'], {
      env: KILLED_AFTER_PUSH,
    });
    expect(killed.exitCode, killed.stdout + killed.stderr).toBe(-1);
    const [lock] = await locksOf('prd-here');
    expect(lock).toBeDefined();
    expect((await lanesFile(sandbox, clone, 'session'))?.trim()).toBe(lock!.sessionId);

    const again = await runLanes(clone, ['claim', 'prd-here', '--json']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).toContain('finishing the interrupted claim of prd-here');
    expect(again.json).toMatchObject({
      prdId: 'prd-here',
      sessionId: lock!.sessionId,
      worktree: clone,
    });
    expect(await sandbox.git(clone, 'branch', '--show-current')).toBe('feature/here');
    expect(await claimRecord(sandbox, clone)).toMatchObject({
      prdId: 'prd-here',
      sessionId: lock!.sessionId,
    });
    expect(await locksOf('prd-here')).toHaveLength(1);
  });

  it('claim --worktree: the re-run finds its session and creates the worktree', async () => {
    const clone = await sandbox.addClone();
    const killed = await runLanes(clone, ['claim', 'prd-tree', '--worktree', '--json'], {
      env: KILLED_AFTER_PUSH,
    });
    expect(killed.exitCode).not.toBe(0);
    const [lock] = await locksOf('prd-tree');
    expect(lock?.worktree).toBe(`${clone}-tree`);

    // No PRD named: the re-run finishes this one instead of claiming another.
    const again = await runLanes(clone, ['claim', '--worktree', '--json']);
    expect(again.exitCode, again.stderr).toBe(0);
    const result = again.json as StartJson;
    expect(result).toMatchObject({
      prdId: lock!.prdId,
      sessionId: lock!.sessionId,
      worktree: lock!.worktree,
    });
    expect((await lanesFile(sandbox, result.worktree, 'session'))?.trim()).toBe(lock!.sessionId);
    expect(await claimRecord(sandbox, result.worktree)).toMatchObject({ prdId: lock!.prdId });
    // The main worktree never took the session of the new one.
    expect(await lanesFile(sandbox, clone, 'session')).toBeNull();
  });

  it('claim --worktree killed after recording its start, before making the folder: the re-run finishes it', async () => {
    const clone = await sandbox.addClone();
    const path = join(sandbox.root, 'recorded-only');
    const args = ['claim', 'prd-early', '--worktree', path, '--json'];
    const killed = await runLanes(clone, args, { env: { LANES_TEST_KILL_AT: 'start-recorded' } });
    expect(killed.exitCode).toBe(-1);
    expect(existsSync(path)).toBe(false);
    expect(await locksOf('prd-early')).toEqual([]);
    const [recorded] = pendingStartsOf(clone).map(
      (name) =>
        JSON.parse(readFileSync(join(clone, '.git', 'lanes', 'starts', name), 'utf8')) as {
          sessionId: string;
        },
    );

    const again = await runLanes(clone, args);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.json).toMatchObject({ sessionId: recorded!.sessionId, worktree: path });
    expect(await locksOf('prd-early')).toEqual([
      expect.objectContaining({ sessionId: recorded!.sessionId, worktree: path }),
    ]);
    expect(await sandbox.git(path, 'branch', '--show-current')).toBe('feature/early');
    expect(pendingStartsOf(clone)).toEqual([]);
  });

  it('claim --worktree killed after creating the worktree: the re-run uses it', async () => {
    const clone = await sandbox.addClone();
    const args = ['claim', 'prd-made', '--worktree', '--json'];
    const killed = await runLanes(clone, args, { env: { LANES_TEST_KILL_AT: 'after-checkout' } });
    expect(killed.exitCode).toBe(-1);
    const path = `${clone}-made`;
    expect(await sandbox.git(path, 'branch', '--show-current')).toBe('feature/made');
    expect(await claimRecord(sandbox, path)).toBeNull();

    const again = await runLanes(clone, args);
    expect(again.exitCode, again.stderr).toBe(0);
    const [lock] = await locksOf('prd-made');
    expect(again.json).toMatchObject({ sessionId: lock!.sessionId, worktree: path });
    expect(await claimRecord(sandbox, path)).toMatchObject({ prdId: 'prd-made' });
    expect((await lanesFile(sandbox, path, 'session'))?.trim()).toBe(lock!.sessionId);
  });

  it('an interrupted --worktree start does not stand in the way of a new worktree for another PRD', async () => {
    const clone = await sandbox.addClone();
    const killed = await runLanes(clone, ['claim', 'prd-left', '--worktree', '--json'], {
      env: KILLED_AFTER_PUSH,
    });
    expect(killed.exitCode).toBe(-1);
    const other = await runLanes(clone, ['claim', 'prd-right', '--worktree', '--json']);
    expect(other.exitCode, other.stderr).toBe(0);
    const [left] = await locksOf('prd-left');
    expect((other.json as StartJson).sessionId).not.toBe(left!.sessionId);

    const finished = await runLanes(clone, ['claim', '--worktree', '--json']);
    expect(finished.json).toMatchObject({ prdId: 'prd-left', sessionId: left!.sessionId });
  });

  it('resume --worktree of a stale claim: the re-run finishes it', async () => {
    const clone = await sandbox.addClone();
    const path = join(sandbox.root, 'resumed-stale');
    const args = ['resume', 'prd-stale', '--worktree', path, '--json'];
    const killed = await runLanes(clone, args, { env: KILLED_AFTER_PUSH });
    expect(killed.exitCode).not.toBe(0);
    const [lock] = await locksOf('prd-stale');
    expect(lock!.sessionId).not.toBe('developer-01d01d');
    // The path it reserved is left, empty: the re-run accepts it as its own.
    expect(readdirSync(path)).toEqual([]);

    const again = await runLanes(clone, args);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.json).toMatchObject({ sessionId: lock!.sessionId, worktree: path });
    expect(await claimRecord(sandbox, path)).toMatchObject({
      prdId: 'prd-stale',
      sessionId: lock!.sessionId,
    });
  });

  it('a different PRD is refused with a hint that works', async () => {
    const clone = await sandbox.addClone();
    await runLanes(clone, ['claim', 'prd-away', '--json'], { env: KILLED_AFTER_PUSH });
    const other = await runLanes(clone, ['claim', 'prd-race', '--json']);
    const error = (other.json as { error: { code: string; hint: string; prdId: string } }).error;
    expect(error).toMatchObject({ code: 'E_SESSION_BUSY', prdId: 'prd-away' });
    expect(error.hint).toContain('lanes claim prd-away');
    expect(error.hint).not.toContain('release');
    const finished = await runLanes(clone, ['claim', '--json']);
    expect(finished.json).toMatchObject({ prdId: 'prd-away' });
  });
});

describe('Ctrl-C during the push', () => {
  it('stops the git it started, exits 130, and the re-run finishes what landed or claims anew', async () => {
    const clone = await sandbox.addClone();
    await closeGate();
    const { child, exited } = startLanes(clone, ['claim', 'prd-ctrl']);
    await until(() => existsSync(join(gate, 'arrived')), 'the push to reach the remote');
    const hookPid = Number((await readFile(join(gate, 'arrived'), 'utf8')).trim());
    child.kill('SIGINT');
    const interrupted = await exited;

    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toContain('interrupted (SIGINT): stopping git');
    expect(interrupted.stderr).toContain('run the same command again');
    // The push was stopped with lanes, not left to land after it exited (the held hook
    // would let it through within a minute): its hook is gone and nothing landed.
    await until(() => !alive(hookPid), 'the held push to stop', 10_000);
    expect(await locksOf('prd-ctrl')).toEqual([]);
    await rm(join(gate, 'closed'));

    const again = await runLanes(clone, ['claim', 'prd-ctrl', '--json']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(await locksOf('prd-ctrl')).toEqual([
      expect.objectContaining({ sessionId: (again.json as StartJson).sessionId }),
    ]);
  });
  it('after the claim landed and was checked out, says so: only the first ping was cut short', async () => {
    const clone = await sandbox.addClone();
    await closeGate('closed-pings');
    const { child, exited } = startLanes(clone, ['claim', 'prd-ping']);
    await until(() => existsSync(join(gate, 'arrived')), 'the first ping to reach the remote');
    child.kill('SIGINT');
    const interrupted = await exited;
    await rm(join(gate, 'closed-pings'));

    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toContain(
      'the claim of prd-ping is done; only its first heartbeat ping was cut short',
    );
    expect(await claimRecord(sandbox, clone)).toMatchObject({ prdId: 'prd-ping' });
    expect(await sandbox.git(clone, 'branch', '--show-current')).toBe('feature/ping');

    // An agent whose runtime cut it off never saw that: the same command again names the
    // claim as this worktree's and says where to read it.
    const again = await runLanes(clone, ['claim', 'prd-ping', '--json']);
    expect(again.json).toMatchObject({ error: { code: 'E_SESSION_BUSY', prdId: 'prd-ping' } });
    expect((again.json as { error: { hint: string } }).error.hint).toContain(
      '`lanes show --json` shows it',
    );
    const shown = await runLanes(clone, ['show', '--json']);
    expect(shown.json).toMatchObject({ prdId: 'prd-ping', branch: 'feature/ping' });
    // Nor did it read the claim's note about the missing hooks: show says it again.
    const noHooks = "this clone has no lanes hooks: run 'lanes hooks install' once";
    expect(shown.stderr).toContain(noHooks);
    await runLanes(clone, ['hooks', 'install']);
    expect((await runLanes(clone, ['show', '--json'])).stderr).not.toContain(noHooks);
  });
});

describe('two claims at once in one worktree without a session', () => {
  it('exactly one wins; the other is refused E_SESSION_BUSY before touching the remote', async () => {
    const clone = await sandbox.addClone();
    await closeGate();
    const first = startLanes(clone, ['claim', 'prd-race', '--json']);
    const second = startLanes(clone, ['claim', 'prd-race', '--json']);
    // The loser answers while the winner's push is held at the remote.
    const loser = await Promise.race([first.exited, second.exited]);
    await rm(join(gate, 'closed'));
    const results = await Promise.all([first.exited, second.exited]);
    const winner = results.find((result) => result !== loser)!;

    expect(JSON.parse(loser.stdout)).toMatchObject({
      error: { code: 'E_SESSION_BUSY', prdId: null },
    });
    expect(loser.code).toBe(3);
    expect(JSON.parse(loser.stdout).error.message).toContain('under way in this worktree');
    expect(winner.code, winner.stderr).toBe(0);
    const won = JSON.parse(winner.stdout) as StartJson;
    expect(await locksOf('prd-race')).toEqual([
      expect.objectContaining({ sessionId: won.sessionId }),
    ]);
    expect((await remoteLocks(sandbox)).filter((lock) => lock.worktree === clone)).toHaveLength(1);
    expect(await claimRecord(sandbox, clone)).toMatchObject({ prdId: 'prd-race' });
  });
});

/**
 * A temp dir of their own for lanes processes, to watch their turns: `queued()`, the
 * most tickets in one lock folder (two: a process holds the turn, another waits for it).
 */
async function turnsIn(name: string) {
  const tmp = join(sandbox.root, name);
  await mkdir(tmp);
  const locks = join(tmp, `lanes-locks-${process.getuid?.() ?? 'user'}`);
  const tickets = (key: string) =>
    readdirSync(join(locks, key)).filter((file) => /^\d{20}-\d+-[0-9a-f]+$/.test(file)).length;
  const queued = () => (existsSync(locks) ? Math.max(0, ...readdirSync(locks).map(tickets)) : 0);
  return { env: { TMPDIR: tmp }, queued };
}

type Ended = Awaited<ReturnType<typeof startLanes>['exited']>;

function errorOf(run: Ended): Record<string, unknown> {
  expect(run.code, run.stdout + run.stderr).toBe(3);
  return (JSON.parse(run.stdout) as { error: Record<string, unknown> }).error;
}

const pendingStartsOf = (clone: string) => {
  const starts = join(clone, '.git', 'lanes', 'starts');
  return existsSync(starts) ? readdirSync(starts) : [];
};

describe('two claims at once for one --worktree path', () => {
  it('different PRDs: one claims; the other is refused E_LOCAL_STATE naming the path before it claims', async () => {
    const clone = await sandbox.addClone();
    const path = join(sandbox.root, 'one-path');
    const { env, queued } = await turnsIn('tmp-one-path');
    await closeGate();
    const runs = ['prd-one', 'prd-two'].map((prdId) =>
      startLanes(clone, ['claim', prdId, '--worktree', path, '--json'], env),
    );
    let ended = 0;
    for (const run of runs) void run.exited.then(() => ended++);
    // The first claim's push waits at the remote: the other is refused meanwhile, or
    // (before the path was reserved) it passed every check and waits for its turn to push.
    await until(() => ended > 0 || queued() >= 2, 'a refusal or both claims at the transaction');
    const refusedWhileHeld = ended > 0;
    await rm(join(gate, 'closed'));
    const results = await Promise.all(runs.map((run) => run.exited));
    const winner = results.find((result) => result.code === 0);
    expect(winner, JSON.stringify(results, null, 2)).toBeDefined();
    const error = errorOf(results.find((result) => result !== winner)!);

    expect(error).toMatchObject({ code: 'E_LOCAL_STATE', reason: 'path exists', paths: [path] });
    expect(error.message).toContain(path);
    expect(refusedWhileHeld).toBe(true);
    const won = JSON.parse(winner!.stdout) as StartJson;
    const lost = won.prdId === 'prd-one' ? 'prd-two' : 'prd-one';
    expect(await locksOf(lost)).toEqual([]);
    expect(await locksOf(won.prdId)).toEqual([
      expect.objectContaining({ sessionId: won.sessionId, worktree: path }),
    ]);
    expect(await claimRecord(sandbox, path)).toMatchObject({ prdId: won.prdId });
    expect(await sandbox.git(path, 'branch', '--show-current')).toBe(won.branch);
    // Nothing of the loser's: no branch, no pending start, one worktree at the path.
    expect(await sandbox.git(clone, 'branch', '--list', `feature/${lost.slice(4)}`)).toBe('');
    expect(await lanesFile(sandbox, clone, 'session')).toBeNull();
    expect(pendingStartsOf(clone)).toEqual([]);
    const worktrees = await sandbox.git(clone, 'worktree', 'list', '--porcelain');
    expect(worktrees.split('\n').filter((line) => line === `worktree ${path}`)).toHaveLength(1);
  });

  it('a claim refused in its transaction takes back the path it reserved, and the folders made for it', async () => {
    const [here, there] = [await sandbox.addClone(), await sandbox.addClone()];
    const path = join(sandbox.root, 'race-lost', 'tree');
    const { env, queued } = await turnsIn('tmp-same');
    await closeGate();
    // The first claim holds its turn, its push waiting at the remote; the second passes
    // every check on the state from before it and waits for its turn.
    const first = startLanes(here, ['claim', 'prd-same', '--json'], env);
    await until(() => existsSync(join(gate, 'arrived')), 'the first push at the remote');
    const second = startLanes(there, ['claim', 'prd-same', '--worktree', path, '--json'], env);
    let ended = false;
    void second.exited.then(() => (ended = true));
    await until(() => ended || queued() >= 2, 'the second claim at the transaction');
    const reservedBeforeItsTurn = existsSync(path);
    await rm(join(gate, 'closed'));
    const [won, lost] = await Promise.all([first.exited, second.exited]);

    expect(won.code, won.stderr).toBe(0);
    expect(errorOf(lost)).toMatchObject({ code: 'E_ALREADY_CLAIMED', prdId: 'prd-same' });
    expect(reservedBeforeItsTurn).toBe(true);
    expect(existsSync(join(sandbox.root, 'race-lost'))).toBe(false);
    expect(pendingStartsOf(there)).toEqual([]);
  });
});
