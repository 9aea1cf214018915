import type { Liveness, SessionLock } from '../types.js';
import { findEntry, lockForPrd, lockForSession } from './availability.js';
import { lockLiveness } from './liveness.js';
import { notActive, notHeld, notStale, sessionBusy, unknownPrd } from './refusals.js';
import {
  heartbeatAt,
  replaceEntry,
  replaceLock,
  without,
  type StateChange,
  type TransitionState,
} from './state-change.js';

export interface ResumeInput {
  state: TransitionState;
  prdId: string;
  sessionId: string;
  liveness: readonly Liveness[];
  now: Date;
  /** Take over a holder that still looks alive. */
  force?: boolean;
  host?: string;
  user?: string;
  worktree?: string;
}

/**
 * Take over a stale session's claim. The lock keeps its claim time and story
 * progress and gets the new session and a fresh heartbeat. A place in the merge
 * queue does not survive (the release that held it died with the session): queued
 * or merging locks go back to `in_progress`, except a merging lock that already
 * recorded its merge commit, which the new owner finishes with `lanes release`.
 * Resuming one's own claim just refreshes it.
 */
export function applyResume(
  input: ResumeInput,
): StateChange & { lock: SessionLock; previousHolder: string } {
  const { state, prdId, sessionId } = input;
  if (findEntry(state.registry, prdId) === undefined) {
    throw notActive(state.registry, prdId) ?? unknownPrd(state.registry, prdId);
  }
  const lock = lockForPrd(state.locks, prdId);
  if (lock === undefined) throw notHeld(prdId);

  const own = lockForSession(state.locks, sessionId);
  if (own !== undefined && own.prdId !== prdId) throw sessionBusy(own);
  if (lock.sessionId !== sessionId && input.force !== true) {
    const seen = lockLiveness(lock, input.liveness, state.config, input.now);
    if (!seen.stale) throw notStale(lock, seen.lastSeen);
  }

  const keepsMergeSlot = lock.status === 'merging' && lock.mergeCommit !== undefined;
  const leavesQueue = (lock.status === 'queued' || lock.status === 'merging') && !keepsMergeSlot;
  const base = without(
    lock,
    'host',
    'user',
    'worktree',
    ...(leavesQueue ? (['queuedAt', 'mergeCommit', 'priority', 'mergedBy'] as const) : []),
  );
  const updated: SessionLock = {
    ...base,
    sessionId,
    heartbeat: heartbeatAt(lock, input.now),
    ...(leavesQueue ? { status: 'in_progress' as const } : {}),
    ...(input.host === undefined ? {} : { host: input.host }),
    ...(input.user === undefined ? {} : { user: input.user }),
    ...(input.worktree === undefined ? {} : { worktree: input.worktree }),
  };
  return {
    locks: replaceLock(state.locks, prdId, () => updated),
    registry: replaceEntry(state.registry, prdId, (entry) => ({
      ...entry,
      status: updated.status === 'blocked' ? 'blocked' : 'in_progress',
    })),
    files: [],
    lock: updated,
    previousHolder: lock.sessionId,
  };
}
