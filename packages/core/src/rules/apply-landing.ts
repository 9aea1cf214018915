import type { CompletedEntry, SessionLock } from '../types.js';
import { lockForPrd } from './availability.js';
import { applyComplete } from './apply-merge-queue.js';
import { DOCUMENT_PATHS } from '../validate/paths.js';
import { inconsistentState } from './refusals.js';
import { replaceLock, without, type StateChange, type TransitionState } from './state-change.js';
import { isoSeconds } from './time.js';

// The steps of a landing beyond the merge queue's own (apply-merge-queue.ts): finishing
// one whose work is on main, and forgetting a recorded merge commit that never got
// there. Pure, so each is re-applied to the newest state when a transaction retries.

const withoutMergeCommit = (lock: SessionLock): SessionLock => without(lock, 'mergeCommit');

export type FinishedLanding = StateChange & {
  entry: CompletedEntry;
  sessionId: string;
  /** Someone (a recovery) completed it already: nothing changes. */
  already: boolean;
};

/**
 * Completes a PRD whose work is on main as `mergeCommit`: archive, registry, lock
 * removed. The landing is a fact, so this works from whatever status the lock has
 * (a recovery may find it merging or blocked), and is a no-op once completed.
 */
export function finishLanding(
  state: TransitionState,
  prdId: string,
  mergeCommit: string,
  now: Date,
): FinishedLanding {
  const done = state.registry.completed.find((entry) => entry.id === prdId);
  if (done !== undefined) {
    return {
      locks: state.locks,
      registry: state.registry,
      files: [],
      entry: done,
      sessionId: done.sessionId ?? '',
      already: true,
    };
  }
  const lock = lockForPrd(state.locks, prdId);
  if (lock === undefined) {
    throw inconsistentState(
      `${prdId} landed on main but holds no lock`,
      { file: DOCUMENT_PATHS.locks, code: 'landed-without-lock' },
      {
        hint: 'run `lanes validate`; the PRD may have been abandoned meanwhile',
        details: { prdId, mergeCommit },
      },
    );
  }
  const merging: SessionLock = { ...lock, status: 'merging', mergeCommit };
  const change = applyComplete({
    state: { ...state, locks: replaceLock(state.locks, prdId, () => merging) },
    sessionId: lock.sessionId,
    now,
    mergeCommit,
  });
  return {
    locks: change.locks,
    registry: change.registry,
    files: change.files,
    entry: change.entry,
    sessionId: lock.sessionId,
    already: false,
  };
}

/**
 * A recorded merge commit that never reached main is forgotten. `requeue` also gives
 * up a merge slot held by a session that stopped responding: it goes back to the
 * queue, keeping its place, and lands when it runs `lanes release` again. Nothing
 * changes when the lock no longer carries that commit (someone dealt with it).
 */
export function forgetMergeCommit(
  state: TransitionState,
  request: { prdId: string; mergeCommit: string; requeue: boolean; now: Date },
): StateChange & { changed: boolean } {
  const lock = lockForPrd(state.locks, request.prdId);
  if (lock === undefined || lock.mergeCommit !== request.mergeCommit) {
    return { locks: state.locks, registry: state.registry, files: [], changed: false };
  }
  const requeue = request.requeue && lock.status === 'merging';
  const updated: SessionLock = requeue
    ? {
        ...withoutMergeCommit(lock),
        status: 'queued',
        queuedAt: lock.queuedAt ?? isoSeconds(request.now),
      }
    : withoutMergeCommit(lock);
  return {
    locks: replaceLock(state.locks, request.prdId, () => updated),
    registry: state.registry,
    files: [],
    changed: true,
  };
}

/** A change whose lock for `prdId` no longer carries a merge commit (a block that knows it never landed). */
export function droppingMergeCommit<T extends StateChange>(change: T, prdId: string): T {
  return { ...change, locks: replaceLock(change.locks, prdId, withoutMergeCommit) };
}
