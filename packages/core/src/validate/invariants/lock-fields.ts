import type { Diagnostic, SessionLocksDocument } from '../../types.js';
import { diagnostic } from '../diagnostic.js';
import { messages } from '../messages.js';
import { DOCUMENT_PATHS } from '../paths.js';
import { describePointer, joinPointer } from '../pointer.js';

/** `heartbeat >= claimedAt` (as instants: the zones may differ). */
export function heartbeatBeforeClaim(locks: SessionLocksDocument): Diagnostic[] {
  return locks.sessions.flatMap((lock, index) => {
    const heartbeat = Date.parse(lock.heartbeat);
    const claimedAt = Date.parse(lock.claimedAt);
    if (!(heartbeat < claimedAt)) return [];
    const pointer = joinPointer('', 'sessions', index, 'heartbeat');
    return [
      diagnostic(
        DOCUMENT_PATHS.locks,
        pointer,
        'heartbeat-before-claim',
        messages.heartbeatBeforeClaim(describePointer(pointer), lock.heartbeat, lock.claimedAt),
      ),
    ];
  });
}

/** A `blocked` lock says why, in a non-blank `blockedReason`. */
export function blockedWithoutReason(locks: SessionLocksDocument): Diagnostic[] {
  return locks.sessions.flatMap((lock, index) => {
    if (lock.status !== 'blocked' || (lock.blockedReason ?? '').trim() !== '') return [];
    const pointer = joinPointer('', 'sessions', index, 'blockedReason');
    return [
      diagnostic(
        DOCUMENT_PATHS.locks,
        pointer,
        'blocked-without-reason',
        messages.blockedWithoutReason(describePointer(pointer)),
      ),
    ];
  });
}

/** A `queued` lock has `queuedAt`. */
export function queuedWithoutTime(locks: SessionLocksDocument): Diagnostic[] {
  return locks.sessions.flatMap((lock, index) => {
    if (lock.status !== 'queued' || lock.queuedAt !== undefined) return [];
    const pointer = joinPointer('', 'sessions', index, 'queuedAt');
    return [
      diagnostic(
        DOCUMENT_PATHS.locks,
        pointer,
        'queued-without-time',
        messages.queuedWithoutTime(describePointer(pointer)),
      ),
    ];
  });
}

/**
 * At most one lock holds the merge slot (`merging` without `mergedBy`); each other
 * holder is reported, and so is a batch member whose `mergedBy` is not that holder.
 */
export function multipleMerging(locks: SessionLocksDocument): Diagnostic[] {
  const merging = locks.sessions.flatMap((lock, index) =>
    lock.status === 'merging' ? [{ lock, index }] : [],
  );
  const holders = merging.filter(({ lock }) => lock.mergedBy === undefined);
  const holder = holders[0];
  const reported = merging.filter(
    (entry) =>
      entry !== holder &&
      (entry.lock.mergedBy === undefined || entry.lock.mergedBy !== holder?.lock.sessionId),
  );
  return reported.map(({ lock, index }) => {
    const pointer = joinPointer(
      '',
      'sessions',
      index,
      lock.mergedBy === undefined ? 'status' : 'mergedBy',
    );
    return diagnostic(
      DOCUMENT_PATHS.locks,
      pointer,
      'multiple-merging',
      holder === undefined
        ? messages.memberWithoutHolder(describePointer(pointer), lock.mergedBy ?? '')
        : messages.multipleMerging(
            describePointer(pointer),
            describePointer(joinPointer('', 'sessions', holder.index)),
          ),
    );
  });
}
