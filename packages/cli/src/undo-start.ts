import type { PrdStatus, SessionLock, StateChange, TransitionState } from '@lanes/core';

// Compensating transitions: when the local part of a claim or resume fails after the
// state was committed (the branch cannot be checked out), the state goes back to what
// it was, so the command leaves nothing half done. Each acts only while the lock is
// still this session's: a lock someone else took meanwhile is not ours to undo.

/** Undo `applyClaim`: the lock goes, the PRD is `ready` again. */
export function undoClaim(state: TransitionState, prdId: string, sessionId: string): StateChange {
  if (!holds(state, prdId, sessionId)) return unchanged(state);
  return {
    locks: { ...state.locks, sessions: state.locks.sessions.filter((l) => l.prdId !== prdId) },
    registry: withStatus(state, prdId, 'ready'),
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
    locks: {
      ...state.locks,
      sessions: state.locks.sessions.map((lock) => (lock.prdId === prdId ? before.lock : lock)),
    },
    registry: withStatus(state, prdId, before.status),
    files: [],
  };
}

function holds(state: TransitionState, prdId: string, sessionId: string): boolean {
  return state.locks.sessions.some((l) => l.prdId === prdId && l.sessionId === sessionId);
}

function withStatus(state: TransitionState, prdId: string, status: PrdStatus) {
  return {
    ...state.registry,
    prds: state.registry.prds.map((entry) => (entry.id === prdId ? { ...entry, status } : entry)),
  };
}

function unchanged(state: TransitionState): StateChange {
  return { locks: state.locks, registry: state.registry, files: [] };
}
