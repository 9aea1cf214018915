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

const flag = (yes: boolean) => (yes ? 1 : 0);

/**
 * The merge queue: the locks that are merging first (the slot holder, then its batch),
 * then queued locks with priority `high`, each group by `queuedAt`, then `claimedAt`,
 * then session id (so the order never depends on file order).
 */
export function queueOrder(locks: Locks): SessionLock[] {
  return sessionsOf(locks)
    .filter((lock) => lock.status === 'queued' || lock.status === 'merging')
    .sort(
      (a, b) =>
        flag(b.status === 'merging') - flag(a.status === 'merging') ||
        flag(b.mergedBy === undefined) - flag(a.mergedBy === undefined) ||
        flag(b.priority === 'high') - flag(a.priority === 'high') ||
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
 * Whose turn it is: a live merging lock keeps its turn (the slot holder, or while it
 * runs a batch, the batch); otherwise the first live queued lock. Stale sessions are
 * passed over (a stale merging holder is set back to `blocked` by `applyTakeMergeSlot`).
 */
export function nextToMerge(
  locks: Locks,
  liveness: readonly Liveness[],
  config: Pick<LanesConfig, 'heartbeatTimeoutMinutes'>,
  now: Date,
): SessionLock | undefined {
  return queueOrder(locks).find((lock) => !lockLiveness(lock, liveness, config, now).stale);
}

/**
 * The batch the session taking the slot lands: itself first, then the next live queued
 * locks in queue order, `batchSize` in all.
 */
export function batchFor(
  locks: Locks,
  holder: SessionLock,
  liveness: readonly Liveness[],
  config: Pick<LanesConfig, 'heartbeatTimeoutMinutes' | 'mergeQueue'>,
  now: Date,
): SessionLock[] {
  const others = queueOrder(locks).filter(
    (lock) =>
      lock.status === 'queued' &&
      lock.sessionId !== holder.sessionId &&
      !lockLiveness(lock, liveness, config, now).stale,
  );
  return [holder, ...others.slice(0, Math.max(1, config.mergeQueue.batchSize) - 1)];
}
