import type {
  CoordinationState,
  Liveness,
  PrdRegistryDocument,
  RegistryEntry,
  SessionLock,
  SessionLocksDocument,
} from '../types.js';
import { lockLiveness } from './liveness.js';
import { notOwner } from './refusals.js';
import { isoSeconds, timeOf } from './time.js';

// What every transition shares: the state it reads, the documents it returns, and
// copy-on-write helpers (a transition never mutates its input: a transaction may
// re-apply it to a newer state after a rejected push).

export type TransitionState = Pick<CoordinationState, 'config' | 'locks' | 'registry' | 'prds'>;

/** A file the store must move or write besides the two documents. */
export type FileChange =
  /** `content`: what the file holds at `to` (default: what it held at `from`). */
  | { kind: 'move'; from: string; to: string; content?: string }
  | { kind: 'write'; path: string; content: string };

export interface StateChange {
  locks: SessionLocksDocument;
  registry: PrdRegistryDocument;
  files: FileChange[];
}

export function unchanged(state: TransitionState): StateChange {
  return { locks: state.locks, registry: state.registry, files: [] };
}

export function replaceLock(
  locks: SessionLocksDocument,
  prdId: string,
  update: (lock: SessionLock) => SessionLock,
): SessionLocksDocument {
  return {
    ...locks,
    sessions: locks.sessions.map((lock) => (lock.prdId === prdId ? update(lock) : lock)),
  };
}

export function removeLock(locks: SessionLocksDocument, prdId: string): SessionLocksDocument {
  return { ...locks, sessions: locks.sessions.filter((lock) => lock.prdId !== prdId) };
}

export function replaceEntry(
  registry: PrdRegistryDocument,
  prdId: string,
  update: (entry: RegistryEntry) => RegistryEntry,
): PrdRegistryDocument {
  return {
    ...registry,
    prds: registry.prds.map((entry) => (entry.id === prdId ? update(entry) : entry)),
  };
}

/** A copy without the named optional fields (absent, not `undefined`, so JSON stays clean). */
export function without<T extends object, K extends keyof T>(value: T, ...keys: K[]): Omit<T, K> {
  const copy = { ...value };
  for (const key of keys) delete copy[key];
  return copy;
}

/** `now` as a heartbeat, never earlier than the claim (a skewed clock must not break `heartbeat >= claimedAt`). */
export function heartbeatAt(lock: Pick<SessionLock, 'claimedAt'>, now: Date): string {
  const claimed = timeOf(lock.claimedAt);
  return !Number.isNaN(claimed) && claimed > now.getTime() ? lock.claimedAt : isoSeconds(now);
}

/**
 * May `sessionId` act on this lock? Its own, always; another session's only when
 * that session is stale, or with `force`.
 */
export function assertMayActOn(
  state: Pick<CoordinationState, 'config'>,
  lock: SessionLock,
  request: { sessionId: string; liveness: readonly Liveness[]; now: Date; force?: boolean },
  action: string,
): void {
  if (lock.sessionId === request.sessionId || request.force === true) return;
  const seen = lockLiveness(lock, request.liveness, state.config, request.now);
  if (!seen.stale) throw notOwner(lock, request.sessionId, seen, action);
}
