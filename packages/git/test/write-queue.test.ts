import { chmod, readFile, writeFile } from 'node:fs/promises';
import { getPriority } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isLanesError, type LanesError } from '@lanes/core';
import { sandboxEnv, type Sandbox } from '@lanes/test-utils';
import {
  DEFAULT_QUEUE_LIMITS,
  newTicket,
  CATCH_UP_AHEAD,
  queuePause,
  FAR_SLEEP_CAP_MS,
  queueRef,
  queueTurn,
  shouldCatchUp,
  openRepository,
  transact,
} from '../src/index.js';
import { recentlyBusy } from '../src/queue-memory.js';
import { claim, seedFiles, sessionIdFor } from './fixtures/state.js';
import {
  COORDS,
  lockDir,
  openClone,
  plantTicket,
  remoteLocks,
  remoteTickets,
  remoteTip,
  seededSandbox,
} from './helpers.js';

const T0 = 1_780_000_000_000;
const at = (offsetMs: number, random = 'aaaaaaaa') => newTicket(T0 + offsetMs, random);

describe('newTicket', () => {
  it('sorts by creation time and is unique by its random part', () => {
    expect(newTicket(T0, '0123abcd')).toBe('1780000000000-0123abcd');
    expect(newTicket(5, 'ffffffff')).toBe('0000000000005-ffffffff');
    expect([at(20), at(3), at(100)].sort()).toEqual([at(3), at(20), at(100)]);
    expect(newTicket(T0)).toMatch(/^1780000000000-[0-9a-f]{8}$/);
  });
});

describe('queueTurn', () => {
  const now = T0 + 1_000;

  it('lets a writer go when no one is queued, and counts those before it otherwise', () => {
    expect(queueTurn([], null, undefined, now)).toMatchObject({ ahead: 0, lost: false });
    const queue = [at(0, 'aaaaaaaa'), at(10, 'bbbbbbbb'), at(20, 'cccccccc')];
    expect(queueTurn(queue, null, undefined, now).ahead).toBe(3);
    expect(queueTurn(queue, queue[0]!, undefined, now)).toMatchObject({
      ahead: 0,
      watch: undefined,
    });
    expect(queueTurn(queue, queue[2]!, undefined, now)).toMatchObject({
      ahead: 2,
      abandoned: [],
      watch: { ticket: queue[0], sinceMs: now },
    });
  });

  it('passes over a head that stood there longer than the grace, and only then', () => {
    const queue = [at(0, 'deadbeef'), at(10, 'bbbbbbbb')];
    const mine = queue[1]!;
    const seen = queueTurn(queue, mine, undefined, now);
    const soon = queueTurn(queue, mine, seen.watch, now + DEFAULT_QUEUE_LIMITS.headGraceMs);
    expect(soon).toMatchObject({ ahead: 1, abandoned: [] });
    const late = queueTurn(queue, mine, soon.watch, now + DEFAULT_QUEUE_LIMITS.headGraceMs + 1);
    expect(late).toMatchObject({ ahead: 0, abandoned: [queue[0]], watch: undefined });
    // A head that changed is watched afresh.
    const moved = queueTurn([at(5, 'cccccccc'), mine], mine, soon.watch, now + 60_000);
    expect(moved).toMatchObject({ ahead: 1, watch: { ticket: at(5, 'cccccccc') } });
  });

  it('lets the writer next in line go when the head is late, without abandoning the head', () => {
    const queue = [at(0, 'aaaaaaaa'), at(10, 'bbbbbbbb'), at(20, 'cccccccc')];
    const [head, next, third] = queue as [string, string, string];
    const limits = { ...DEFAULT_QUEUE_LIMITS, headLateMs: 300 };
    const seen = queueTurn(queue, next, undefined, now, limits);
    expect(seen.ahead).toBe(1);
    expect(queueTurn(queue, next, seen.watch, now + 300, limits).ahead).toBe(1);
    const late = queueTurn(queue, next, seen.watch, now + 301, limits);
    expect(late).toMatchObject({ ahead: 0, abandoned: [], watch: { ticket: head } });
    // Only the next in line: the third waits for it.
    expect(queueTurn(queue, third, seen.watch, now + 301, limits).ahead).toBe(2);
    // The head itself still goes whenever it looks.
    expect(queueTurn(queue, head, undefined, now + 301, limits).ahead).toBe(0);
  });

  it('treats a ticket older than the bound as abandoned wherever it stands, except ours', () => {
    const old = newTicket(now - DEFAULT_QUEUE_LIMITS.maxAgeMs - 1, 'deadbeef');
    const queue = [old, at(0, 'bbbbbbbb')];
    expect(queueTurn(queue, null, undefined, now)).toMatchObject({ ahead: 1, abandoned: [old] });
    expect(queueTurn(queue, old, undefined, now)).toMatchObject({ ahead: 0, abandoned: [] });
  });

  it('notices when our ticket was removed by others', () => {
    const queue = [at(0, 'aaaaaaaa')];
    expect(queueTurn(queue, at(50, 'bbbbbbbb'), undefined, now)).toMatchObject({
      ahead: 1,
      lost: true,
    });
  });
});

describe('shouldCatchUp', () => {
  it('fetches once, a few places from the head, but not when next or far back', () => {
    expect(shouldCatchUp(CATCH_UP_AHEAD, false)).toBe(true);
    expect(shouldCatchUp(2, false)).toBe(true);
    expect(shouldCatchUp(2, true)).toBe(false);
    expect(shouldCatchUp(1, false)).toBe(false);
    expect(shouldCatchUp(CATCH_UP_AHEAD + 1, false)).toBe(false);
  });
});

describe('queuePause', () => {
  const middle = () => 0.5;
  const pace = { turnMs: 100, cycleMs: 200 };

  it('sleeps far waiters until about CATCH_UP_AHEAD are left, at the queue’s pace', () => {
    expect(queuePause({ ...pace, ahead: CATCH_UP_AHEAD + 4 }, middle)).toBe(680);
    // Not at most every 3 s: on a slow queue that made far waiters look every few turns.
    expect(queuePause({ turnMs: 850, cycleMs: 850, ahead: 12 }, middle)).toBe(6_503);
    expect(queuePause({ ...pace, ahead: 1_000 }, middle)).toBe(FAR_SLEEP_CAP_MS);
    // Near the head, at most 3 s.
    expect(queuePause({ turnMs: 10_000, ahead: 2 }, middle)).toBe(3_000);
  });

  it('looks again after about a turn while it has never seen the queue move', () => {
    expect(queuePause({ turnMs: 100, ahead: 30 }, middle)).toBe(85);
  });

  it('looks about once a turn when close, and often when next, once the head is well under way', () => {
    expect(queuePause({ ...pace, ahead: 2 }, middle)).toBe(90);
    expect(queuePause({ ...pace, ahead: 1 }, middle)).toBe(25);
    expect(queuePause({ ...pace, ahead: 1, headForMs: 90 }, middle)).toBe(25);
  });

  it('lets a head that just began its turn work before looking', () => {
    expect(queuePause({ ...pace, ahead: 1, headForMs: 20 }, middle)).toBe(60);
  });

  it('stays within bounds and jitters', () => {
    expect(queuePause({ turnMs: 1, cycleMs: 1, ahead: 1 }, middle)).toBe(10);
    const far = { ...pace, ahead: 8 };
    expect(queuePause(far, () => 0)).toBeLessThan(queuePause(far, () => 0.999));
  });
});

let sandbox: Sandbox | undefined;
afterEach(async () => sandbox?.cleanup());

/** Objects the remote keeps in packs: with receive.unpackLimit=1, all that pushes sent. */
async function remotePackedObjects(target: Sandbox): Promise<number> {
  const counts = await target.git(target.remote, 'count-objects', '-v');
  return Number(/^in-pack: (\d+)$/m.exec(counts)?.[1]);
}

/**
 * A clone whose git port runs a git that notes its priority and what it was asked
 * (`<nice> <args>`, one line a call), once the port has set them.
 */
async function notingGit(target: Sandbox) {
  const log = join(target.root, 'git-calls.log');
  const binary = join(target.root, 'noting-git');
  await writeFile(binary, `#!/bin/sh\nsleep 0.02\necho "$(nice) $*" >> '${log}'\nexec git "$@"\n`);
  await chmod(binary, 0o755);
  const repo = await openRepository(target.clones[0]!, { env: sandboxEnv(), binary });
  const calls = async () => (await readFile(log, 'utf8').catch(() => '')).trim().split('\n');
  return { repo, calls };
}

/** Resolves once `condition` holds, looking every 20 ms. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('the queue on a real remote', () => {
  it('does not wait for an abandoned ticket, and the landing push removes it', async () => {
    sandbox = await seededSandbox();
    const abandoned = newTicket(Date.now() - 10 * 60_000, 'deadbeef');
    await plantTicket(sandbox, abandoned);
    const started = Date.now();
    const result = await transact(
      await openClone(sandbox.clones[0]!),
      COORDS,
      claim('prd-task-001', sessionIdFor(1)),
      { lockDir: lockDir(sandbox) },
    );
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(result.attempts).toBe(1);
    expect(await remoteTickets(sandbox)).toEqual([]);
    // It never queued, so its next transaction may look and fetch at once.
    expect(await recentlyBusy(await openClone(sandbox.clones[0]!), COORDS)).toBe(false);
  });

  it('queues behind a live ticket and, at its deadline, gives up with its own ticket withdrawn', async () => {
    sandbox = await seededSandbox();
    const other = newTicket(Date.now(), 'aaaaaaaa');
    await plantTicket(sandbox, other);
    const tip = await remoteTip(sandbox);
    let calls = 0;
    const error = await transact(
      await openClone(sandbox.clones[0]!),
      COORDS,
      (snapshot, now) => {
        calls++;
        return claim('prd-task-001', sessionIdFor(1))(snapshot, now);
      },
      { lockDir: lockDir(sandbox), deadlineMs: 1_000 },
    ).catch((caught: unknown) => caught as LanesError);

    expect(isLanesError(error) && error.code).toBe('E_PUSH_REJECTED');
    expect((error as LanesError).details).toEqual({ attempts: 0, ahead: 1 });
    expect((error as LanesError).message).toMatch(/1 other writer was still queued ahead/);
    // It never attempted: the writer ahead had not been served.
    expect(calls).toBe(0);
    expect(await remoteTip(sandbox)).toBe(tip);
    expect(await remoteTickets(sandbox)).toEqual([queueRef('main', other)]);
    // Its next transaction looks before it fetches: it will likely wait again.
    expect(await recentlyBusy(await openClone(sandbox.clones[0]!), COORDS)).toBe(true);
  });

  it('takes its ticket without uploading history, even from a clone that lags behind', async () => {
    sandbox = await seededSandbox(2);
    // Every push is kept as the pack it sent, so the remote counts what was uploaded.
    await sandbox.git(sandbox.remote, 'config', 'receive.unpackLimit', '1');
    const [lagging, other] = await Promise.all(sandbox.clones.map((clone) => openClone(clone)));
    // The branch moves on without the lagging clone, which now has nothing the remote lists.
    await transact(other!, COORDS, claim('prd-task-002', sessionIdFor(2)), { localLock: false });
    await plantTicket(sandbox, newTicket(Date.now(), 'aaaaaaaa'));
    const before = await remotePackedObjects(sandbox);

    const error = await transact(lagging!, COORDS, claim('prd-task-001', sessionIdFor(1)), {
      localLock: false,
      deadlineMs: 1_000,
    }).catch((caught: unknown) => caught as LanesError);

    expect(isLanesError(error) && error.code).toBe('E_PUSH_REJECTED');
    expect((error as LanesError).details).toMatchObject({ ahead: 1 });
    // At most the ticket's own commit and the empty tree, however long the history.
    expect((await remotePackedObjects(sandbox)) - before).toBeLessThanOrEqual(2);
    expect(await remoteTickets(sandbox)).toHaveLength(1);
  });

  it.skipIf(process.platform === 'win32' || getPriority() >= 10)(
    'waits at background priority, and takes its turn at its own',
    async () => {
      sandbox = await seededSandbox();
      const { repo, calls } = await notingGit(sandbox);
      const head = newTicket(Date.now(), 'aaaaaaaa');
      await plantTicket(sandbox, head);

      const landing = transact(repo, COORDS, claim('prd-task-001', sessionIdFor(1)), {
        lockDir: lockDir(sandbox),
      });
      // The writer ahead lands: its ticket goes, and ours comes to the head.
      await until(
        async () => (await calls()).filter((call) => / ls-remote /.test(call)).length >= 3,
      );
      await sandbox.git(sandbox.remote, 'update-ref', '-d', queueRef('main', head));
      expect((await landing).attempts).toBe(1);

      const logged = await calls();
      const niceOf = (pattern: RegExp) =>
        logged.filter((call) => pattern.test(call)).map((call) => Number(call.split(' ')[0]));
      const ours = getPriority();
      // The first look decided to queue; the ones after it were waiting.
      const [firstLook, ...waitingLooks] = niceOf(/ ls-remote /);
      expect(firstLook).toBe(ours);
      expect(waitingLooks.length).toBeGreaterThanOrEqual(2);
      expect(new Set(waitingLooks)).toEqual(new Set([10]));
      // Taking the ticket waits on others; the landing push (with its deletion) is the turn.
      expect(niceOf(/ push .*[0-9a-f]{40}:refs\/lanes\/queue\//)).toEqual([10]);
      expect(niceOf(/ push .*--atomic/)).toEqual([ours]);
      expect(new Set(niceOf(/ fetch /))).toEqual(new Set([ours]));
    },
  );

  it('after landing ahead of many, queues behind them without looking first', async () => {
    sandbox = await seededSandbox();
    const { repo, calls } = await notingGit(sandbox);
    const remote = sandbox;
    const options = { lockDir: lockDir(sandbox) };
    const head = newTicket(Date.now(), 'aaaaaaaa');
    await plantTicket(sandbox, head);
    const first = transact(repo, COORDS, claim('prd-task-001', sessionIdFor(1)), options);
    await until(async () => (await remoteTickets(remote)).length >= 2);
    // Six writers of other machines queue behind ours; then the head lands.
    const behind = Array.from({ length: 6 }, (_, index) =>
      newTicket(Date.now() + 1 + index, `b${index}b${index}b${index}b${index}`),
    );
    for (const ticket of behind) await plantTicket(sandbox, ticket);
    await sandbox.git(sandbox.remote, 'update-ref', '-d', queueRef('main', head));
    await first;
    const landed = (await calls()).length;

    const second = transact(repo, COORDS, claim('prd-task-002', sessionIdFor(2)), options);
    await until(async () => (await remoteTickets(remote)).length >= 7);
    for (const ticket of behind) {
      await sandbox.git(sandbox.remote, 'update-ref', '-d', queueRef('main', ticket));
    }
    expect((await second).attempts).toBe(1);

    // Its first call to the remote took its ticket: the look would have said to queue.
    const remoteCalls = (await calls())
      .slice(landed)
      .filter((call) => / (ls-remote|push|fetch) /.test(call));
    expect(remoteCalls[0]).toMatch(/ push .*:refs\/lanes\/queue\/main\//);
    expect(await remoteTickets(sandbox)).toEqual([]);
    expect((await remoteLocks(sandbox)).sessions).toHaveLength(2);
  });

  it('passes a head that stands a few turns past its time, leaving its ticket to its writer', async () => {
    sandbox = await seededSandbox();
    const repo = await openClone(sandbox.clones[0]!);
    const options = { lockDir: lockDir(sandbox) };
    // A first transaction queues behind a writer that lands: it learns how long a turn takes.
    const first = newTicket(Date.now(), 'aaaaaaaa');
    await plantTicket(sandbox, first);
    const queued = transact(repo, COORDS, claim('prd-task-001', sessionIdFor(1)), options);
    const remote = sandbox;
    await until(async () => (await remoteTickets(remote)).length >= 2);
    await sandbox.git(sandbox.remote, 'update-ref', '-d', queueRef('main', first));
    await queued;

    // The next finds a head that never lands, alive by its age (the grace is 5 s).
    const asleep = newTicket(Date.now(), 'bbbbbbbb');
    await plantTicket(sandbox, asleep);
    const started = Date.now();
    const result = await transact(repo, COORDS, claim('prd-task-002', sessionIdFor(2)), options);
    expect(Date.now() - started).toBeLessThan(DEFAULT_QUEUE_LIMITS.headGraceMs);
    expect(result.attempts).toBe(1);
    expect((await remoteLocks(sandbox)).sessions).toHaveLength(2);
    // Passed, not abandoned: its writer still holds its place when it wakes.
    expect(await remoteTickets(sandbox)).toEqual([queueRef('main', asleep)]);
  });

  it('falls back to backoff when the remote refuses tickets: racing writers still all land', async () => {
    sandbox = await seededSandbox(4, seedFiles(4));
    const hook = join(sandbox.remote, 'hooks', 'pre-receive');
    await writeFile(
      hook,
      `#!/bin/sh\nwhile read old new ref; do case "$ref" in refs/lanes/*) exit 1;; esac; done\n`,
    );
    await chmod(hook, 0o755);
    const repos = await Promise.all(sandbox.clones.map((clone) => openClone(clone)));
    let retries = 0;
    await Promise.all(
      repos.map((repo, index) =>
        transact(repo, COORDS, claim(`prd-task-00${index + 1}`, sessionIdFor(index)), {
          localLock: false,
          onRetry: () => retries++,
        }),
      ),
    );
    expect((await remoteLocks(sandbox)).sessions).toHaveLength(4);
    expect(retries).toBeGreaterThan(0);
    expect(await remoteTickets(sandbox)).toEqual([]);
  });
});
