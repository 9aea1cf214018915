import type { LanesConfig, Liveness, SessionLock, SessionLocksDocument } from '../types.js';
import { lockLiveness } from './liveness.js';
import { timeOf } from './time.js';

type Locks = SessionLocksDocument | readonly SessionLock[];

function sessionsOf(locks: Locks): readonly SessionLock[] {
  return 'sessions' in locks ? locks.sessions : locks;
}

function byTime(a: string | undefined, b: string | undefined): number {
  const x = timeOf(a);
  const y = timeOf(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
  return x - y;
}

/**
 * The merge queue: the lock that is merging first, then queued locks by `queuedAt`,
 * then `claimedAt`, then session id (so the order never depends on file order).
 */
export function queueOrder(locks: Locks): SessionLock[] {
  return sessionsOf(locks)
    .filter((lock) => lock.status === 'queued' || lock.status === 'merging')
    .sort(
      (a, b) =>
        Number(b.status === 'merging') - Number(a.status === 'merging') ||
        byTime(a.queuedAt, b.queuedAt) ||
        byTime(a.claimedAt, b.claimedAt) ||
        a.sessionId.localeCompare(b.sessionId),
    );
}

/** 1-based place in the queue (1 = merging now or next), or undefined when not in it. */
export function queuePosition(locks: Locks, sessionId: string): number | undefined {
  const at = queueOrder(locks).findIndex((lock) => lock.sessionId === sessionId);
  return at === -1 ? undefined : at + 1;
}

/**
 * Whose turn it is: a live merging lock keeps its turn; otherwise the first live
 * queued lock. Stale sessions are passed over (a stale merging holder is set back
 * to `blocked` by `applyTakeMergeSlot`).
 */
export function nextToMerge(
  locks: Locks,
  liveness: readonly Liveness[],
  config: Pick<LanesConfig, 'heartbeatTimeoutMinutes'>,
  now: Date,
): SessionLock | undefined {
  return queueOrder(locks).find((lock) => !lockLiveness(lock, liveness, config, now).stale);
}
