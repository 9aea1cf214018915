import type {
  CoordinationState,
  PrdRegistryDocument,
  RegistryEntry,
  SessionLock,
  SessionLocksDocument,
} from '../types.js';

// Lookups over the documents that several rules share.

export function findEntry(registry: PrdRegistryDocument, prdId: string): RegistryEntry | undefined {
  return registry.prds.find((entry) => entry.id === prdId);
}

export function lockForPrd(locks: SessionLocksDocument, prdId: string): SessionLock | undefined {
  return locks.sessions.find((lock) => lock.prdId === prdId);
}

export function lockForSession(
  locks: SessionLocksDocument,
  sessionId: string,
): SessionLock | undefined {
  return locks.sessions.find((lock) => lock.sessionId === sessionId);
}

/** Ids in `dependsOn` that are not completed yet, in their declared order. */
export function unmetDependencies(
  registry: PrdRegistryDocument,
  entry: Pick<RegistryEntry, 'dependsOn'>,
): string[] {
  const completed = new Set(registry.completed.map((done) => done.id));
  return (entry.dependsOn ?? []).filter((id) => !completed.has(id));
}

/** PRDs somebody holds (live or stale): their work exists on a branch. */
export function activeEntries(
  state: Pick<CoordinationState, 'locks' | 'registry'>,
): RegistryEntry[] {
  const held = new Set(state.locks.sessions.map((lock) => lock.prdId));
  return state.registry.prds.filter((entry) => held.has(entry.id));
}

/** Claimable right now: ready, nobody holds it, every dependency completed. */
export function isAvailable(
  state: Pick<CoordinationState, 'locks' | 'registry'>,
  entry: RegistryEntry,
): boolean {
  return (
    entry.status === 'ready' &&
    lockForPrd(state.locks, entry.id) === undefined &&
    unmetDependencies(state.registry, entry).length === 0
  );
}

export function availableEntries(
  state: Pick<CoordinationState, 'locks' | 'registry'>,
): RegistryEntry[] {
  return state.registry.prds.filter((entry) => isAvailable(state, entry));
}

/** Ready and unclaimed, but some dependency is not completed: `status.waiting`. */
export function waitingEntries(
  state: Pick<CoordinationState, 'locks' | 'registry'>,
): { id: string; unmetDependencies: string[] }[] {
  return state.registry.prds
    .filter((entry) => entry.status === 'ready' && lockForPrd(state.locks, entry.id) === undefined)
    .map((entry) => ({ id: entry.id, unmetDependencies: unmetDependencies(state.registry, entry) }))
    .filter((waiting) => waiting.unmetDependencies.length > 0);
}

/** The lock working on this branch (pre-push refuses pushes to another live session's branch). */
export function lockForBranch(
  locks: SessionLocksDocument,
  branch: string,
): SessionLock | undefined {
  return locks.sessions.find((lock) => lock.branch === branch);
}
