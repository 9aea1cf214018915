import type {
  Diagnostic,
  PrdRegistryDocument,
  RegistryEntry,
  SessionLocksDocument,
} from '../../types.js';
import { diagnostic } from '../diagnostic.js';
import { messages } from '../messages.js';
import { DOCUMENT_PATHS } from '../paths.js';
import { describePointer, joinPointer } from '../pointer.js';

function activeEntries(registry: PrdRegistryDocument): Map<string, RegistryEntry> {
  const byId = new Map<string, RegistryEntry>();
  for (const entry of registry.prds) if (!byId.has(entry.id)) byId.set(entry.id, entry);
  return byId;
}

/** Every lock's PRD is in the registry's `prds`. */
export function lockUnknownPrds(
  locks: SessionLocksDocument,
  registry: PrdRegistryDocument,
): Diagnostic[] {
  const active = activeEntries(registry);
  const completed = new Set(registry.completed.map((entry) => entry.id));
  const abandoned = new Set(registry.abandoned.map((entry) => entry.id));
  return locks.sessions.flatMap((lock, index) => {
    if (active.has(lock.prdId)) return [];
    const pointer = joinPointer('', 'sessions', index, 'prdId');
    const elsewhere = completed.has(lock.prdId)
      ? 'completed'
      : abandoned.has(lock.prdId)
        ? 'abandoned'
        : undefined;
    return [
      diagnostic(
        DOCUMENT_PATHS.locks,
        pointer,
        'lock-unknown-prd',
        messages.lockUnknownPrd(describePointer(pointer), lock.prdId, elsewhere),
      ),
    ];
  });
}

/** A locked PRD's registry status is `in_progress` or `blocked`. */
export function lockPrdsNotActive(
  locks: SessionLocksDocument,
  registry: PrdRegistryDocument,
): Diagnostic[] {
  const active = activeEntries(registry);
  return locks.sessions.flatMap((lock, index) => {
    const entry = active.get(lock.prdId);
    if (entry === undefined || entry.status === 'in_progress' || entry.status === 'blocked') {
      return [];
    }
    const pointer = joinPointer('', 'sessions', index, 'prdId');
    return [
      diagnostic(
        DOCUMENT_PATHS.locks,
        pointer,
        'lock-prd-not-active',
        messages.lockPrdNotActive(describePointer(pointer), lock.prdId, entry.status),
      ),
    ];
  });
}

/**
 * The other direction: an `in_progress` entry has a lock. Every transaction writes
 * both in one commit, so an entry without one is orphaned: nobody works on it and
 * nobody can claim it. (`blocked` entries may be blocked before anyone claims them.)
 */
export function inProgressWithoutLock(
  locks: SessionLocksDocument,
  registry: PrdRegistryDocument,
): Diagnostic[] {
  const locked = new Set(locks.sessions.map((lock) => lock.prdId));
  return registry.prds.flatMap((entry, index) => {
    if (entry.status !== 'in_progress' || locked.has(entry.id)) return [];
    const pointer = joinPointer('', 'prds', index, 'status');
    return [
      diagnostic(
        DOCUMENT_PATHS.registry,
        pointer,
        'in-progress-without-lock',
        messages.inProgressWithoutLock(describePointer(pointer), entry.id),
      ),
    ];
  });
}
