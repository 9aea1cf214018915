import type { Liveness, SessionLock } from '../types.js';
import { lockForPrd, lockForSession } from './availability.js';
import { missingReason, noSession, notHeld } from './refusals.js';
import {
  assertMayActOn,
  heartbeatAt,
  replaceEntry,
  replaceLock,
  unchanged,
  without,
  type StateChange,
  type TransitionState,
} from './state-change.js';

interface LockRequest {
  state: TransitionState;
  sessionId: string;
  /** Another session's PRD; without it, the session's own lock. */
  prdId?: string;
  liveness: readonly Liveness[];
  now: Date;
  force?: boolean;
}

function targetLock(request: LockRequest): SessionLock {
  const { state, sessionId, prdId } = request;
  const lock =
    prdId === undefined ? lockForSession(state.locks, sessionId) : lockForPrd(state.locks, prdId);
  if (lock !== undefined) return lock;
  throw prdId === undefined ? noSession(sessionId) : notHeld(prdId);
}

/** A transaction refreshes the heartbeat of the session making it, never another's. */
function touched(lock: SessionLock, request: LockRequest): Pick<SessionLock, 'heartbeat'> {
  return {
    heartbeat:
      lock.sessionId === request.sessionId ? heartbeatAt(lock, request.now) : lock.heartbeat,
  };
}

/** Set a lock (and its registry entry) to `blocked` with a reason; it leaves the merge queue. */
export function applyBlock(
  request: LockRequest & { reason: string },
): StateChange & { lock: SessionLock } {
  const reason = request.reason.trim();
  if (reason === '') throw missingReason();
  const lock = targetLock(request);
  assertMayActOn(request.state, lock, request, 'block');
  return blockLock(request.state, lock, reason, touched(lock, request));
}

/** A lock without the fields that only mean something while it is blocked. */
export function withoutBlock(lock: SessionLock): SessionLock {
  return without(lock, 'blockedReason', 'blockedCode', 'blockedOutput');
}

/** Shared with the merge queue, which blocks a stale merging holder. */
export function blockLock(
  state: Pick<TransitionState, 'locks' | 'registry'>,
  lock: SessionLock,
  reason: string,
  extra: Partial<SessionLock> = {},
): StateChange & { lock: SessionLock } {
  const updated: SessionLock = {
    ...without(withoutBlock(lock), 'queuedAt'),
    ...extra,
    status: 'blocked',
    blockedReason: reason,
  };
  return {
    locks: replaceLock(state.locks, lock.prdId, () => updated),
    registry: replaceEntry(state.registry, lock.prdId, (entry) => ({
      ...entry,
      status: 'blocked',
      blockedReason: reason,
    })),
    files: [],
    lock: updated,
  };
}

/**
 * Set a blocked lock back to `in_progress`. A lock that is not blocked is left as it
 * is (`changed: false`), so running unblock twice is harmless.
 */
export function applyUnblock(
  request: LockRequest,
): StateChange & { lock: SessionLock; changed: boolean } {
  const lock = targetLock(request);
  assertMayActOn(request.state, lock, request, 'unblock');
  if (lock.status !== 'blocked') return { ...unchanged(request.state), lock, changed: false };
  const updated: SessionLock = {
    ...withoutBlock(lock),
    ...touched(lock, request),
    status: 'in_progress',
  };
  return {
    locks: replaceLock(request.state.locks, lock.prdId, () => updated),
    registry: replaceEntry(request.state.registry, lock.prdId, (entry) => ({
      ...without(entry, 'blockedReason'),
      status: 'in_progress',
    })),
    files: [],
    lock: updated,
    changed: true,
  };
}
