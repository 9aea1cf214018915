import type { PrdStatus, SessionLock } from '../types.js';
import {
  replaceEntry,
  replaceLock,
  unchanged,
  type StateChange,
  type TransitionState,
} from './state-change.js';

// Compensating transitions: when the local part of a claim or resume fails after the
// state was committed (the branch cannot be checked out), the state goes back to what
// it was, so the command leaves nothing half done. Each acts only while the lock is
// still this session's: a lock someone else took meanwhile is not ours to undo.

/** Undo `applyClaim`: the lock goes, the PRD is `ready` again. */
export function undoClaim(state: TransitionState, prdId: string, sessionId: string): StateChange {
  if (!holds(state, prdId, sessionId)) return unchanged(state);
  return {
    locks: { ...state.locks, sessions: state.locks.sessions.filter((l) => l.prdId !== prdId) },
    registry: replaceEntry(state.registry, prdId, (entry) => ({ ...entry, status: 'ready' })),
    files: [],
  };
}

/** Undo `applyResume`: the lock and the PRD's status as they were before it. */
export function undoResume(
  state: TransitionState,
  before: { lock: SessionLock; status: PrdStatus },
  sessionId: string,
): StateChange {
  const { prdId } = before.lock;
  if (!holds(state, prdId, sessionId) || before.lock.sessionId === sessionId) {
    return unchanged(state);
  }
  return {
    locks: replaceLock(state.locks, prdId, () => before.lock),
    registry: replaceEntry(state.registry, prdId, (entry) => ({ ...entry, status: before.status })),
    files: [],
  };
}

function holds(state: TransitionState, prdId: string, sessionId: string): boolean {
  return state.locks.sessions.some((l) => l.prdId === prdId && l.sessionId === sessionId);
}
