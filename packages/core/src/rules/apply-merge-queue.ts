import { DOCUMENT_PATHS } from '../validate/paths.js';
import { LanesError } from '../errors.js';
import type { CompletedEntry, Liveness, PrdFile as PrdDocument, SessionLock } from '../types.js';
import { serializeDocument } from '../validate/json.js';
import { completedArchivePath } from './archive.js';
import { findEntry, lockForSession } from './availability.js';
import { blockLock, withoutBlock } from './apply-block.js';
import { lockLiveness } from './liveness.js';
import { batchFor, nextToMerge, queuePosition } from './queue.js';
import { inconsistentState, noSession, wrongLockStatus } from './refusals.js';
import {
  heartbeatAt,
  removeLock,
  replaceEntry,
  replaceLock,
  without,
  type StateChange,
  type TransitionState,
} from './state-change.js';
import { isoSeconds } from './time.js';

// The merge queue as a sequence of transactions: enqueue → take the merge slot →
// record the merge commit → complete. Each step acts on the session's own lock.

interface OwnRequest {
  state: TransitionState;
  sessionId: string;
  now: Date;
}

function ownLock({ state, sessionId }: OwnRequest): SessionLock {
  const lock = lockForSession(state.locks, sessionId);
  if (lock === undefined) throw noSession(sessionId);
  return lock;
}

function updateOwn(
  request: OwnRequest,
  lock: SessionLock,
  update: (lock: SessionLock) => SessionLock,
): StateChange & { lock: SessionLock } {
  const updated = update({ ...lock, heartbeat: heartbeatAt(lock, request.now) });
  return {
    locks: replaceLock(request.state.locks, lock.prdId, () => updated),
    registry: request.state.registry,
    files: [],
    lock: updated,
  };
}

/**
 * Join the merge queue. From `in_progress` or `blocked` (a release after fixing
 * what blocked it), keeping the place when already queued or merging. `priority:
 * 'high'` (or the PRD's registry priority `critical`) puts it ahead of the others.
 */
export function applyEnqueue(
  request: OwnRequest & { priority?: 'high' },
): StateChange & { lock: SessionLock } {
  const lock = ownLock(request);
  const high =
    request.priority === 'high' ||
    findEntry(request.state.registry, lock.prdId)?.priority === 'critical';
  const prioritised = (l: SessionLock): SessionLock => (high ? { ...l, priority: 'high' } : l);
  if (lock.status === 'queued' || lock.status === 'merging')
    return updateOwn(request, lock, prioritised);
  const change = updateOwn(request, lock, (l) => ({
    ...prioritised(without(withoutBlock(l), 'priority', 'mergedBy')),
    status: 'queued',
    queuedAt: isoSeconds(request.now),
  }));
  return {
    ...change,
    registry: replaceEntry(request.state.registry, lock.prdId, (entry) => ({
      ...without(entry, 'blockedReason'),
      status: 'in_progress',
    })),
  };
}

export type TakeMergeSlotResult = StateChange &
  (
    | { taken: true; lock: SessionLock; batch: SessionLock[] }
    | { taken: false; waitingFor: SessionLock; position: number }
  ) & {
    /** Stale slot holders set back to `blocked`. */
    blocked: string[];
    /** Something was taken from a slot holder (blocked, or its members requeued). */
    released: boolean;
  };

/**
 * Take the merge slot when it is this session's turn (see `nextToMerge`), together with
 * the batch it lands (see `batchFor`): the holder and each member go to `merging`, the
 * members with `mergedBy` naming the holder. A stale session holding the slot is set
 * back to `blocked` with a reason and its batch members go back to `queued` (keeping
 * their place), then passed over; stale queued sessions are only passed over. A member
 * of a live holder's batch waits (its release ends when the holder lands or blocks
 * it). When it is not yet this session's turn nothing of its own changes, but
 * blocking stale holders is still a change to commit (`blocked` lists their PRDs).
 */
export function applyTakeMergeSlot(
  request: OwnRequest & { liveness: readonly Liveness[] },
): TakeMergeSlotResult {
  const { state, liveness, now } = request;
  const own = ownLock(request);
  if (own.status === 'merging' && own.mergedBy === undefined) {
    const batch = state.locks.sessions.filter((lock) => lock.mergedBy === own.sessionId);
    return {
      ...updateOwn(request, own, (l) => l),
      taken: true,
      batch: [own, ...batch],
      blocked: [],
      released: false,
    };
  }
  if (own.status !== 'queued' && own.status !== 'merging') {
    throw wrongLockStatus(own, 'queued', '`lanes release` joins the merge queue');
  }

  const stale = releaseStaleHolders(state, liveness, now);
  const current = stale.state;
  const mine = lockForSession(current.locks, own.sessionId) ?? own;
  // The session asking is alive by definition, whatever its last ping says.
  const alive = [...liveness, { sessionId: own.sessionId, prdId: own.prdId, at: isoSeconds(now) }];
  const next = nextToMerge(current.locks, alive, state.config, now) ?? mine;
  // A released holder's recorded merge commits may be on main: a recovery finishes
  // them (`lanes release` runs one on seeing `blocked`) before anyone lands again.
  const awaitsRecovery =
    stale.released && current.locks.sessions.some((l) => l.mergeCommit !== undefined);
  if (mine.status === 'merging' || next.sessionId !== request.sessionId || awaitsRecovery) {
    const holder =
      mine.mergedBy === undefined ? undefined : lockForSession(current.locks, mine.mergedBy);
    return {
      ...current,
      files: [],
      taken: false,
      waitingFor: holder ?? next,
      position: queuePosition(current.locks, request.sessionId) ?? 0,
      blocked: stale.blocked,
      released: stale.released,
    };
  }
  const members = batchFor(current.locks, mine, alive, state.config, now).slice(1);
  const change = updateOwn({ ...request, state: { ...state, ...current } }, mine, (l) => ({
    ...l,
    status: 'merging',
  }));
  let locks = change.locks;
  for (const member of members) {
    locks = replaceLock(locks, member.prdId, (l) => ({
      ...l,
      status: 'merging',
      mergedBy: own.sessionId,
    }));
  }
  const batch = [change.lock, ...members.map((m) => lockForSession(locks, m.sessionId)!)];
  return {
    ...change,
    locks,
    registry: current.registry,
    taken: true,
    batch,
    blocked: stale.blocked,
    released: stale.released,
  };
}

/**
 * Blocks each slot holder whose session stopped responding; the members of a holder
 * that no longer holds the slot (stale, or blocked by its own failure) go back to
 * `queued`, keeping their place (and a recorded merge commit, for a recovery to judge).
 */
function releaseStaleHolders(
  state: TransitionState,
  liveness: readonly Liveness[],
  now: Date,
): { state: Pick<StateChange, 'locks' | 'registry'>; blocked: string[]; released: boolean } {
  let current: Pick<StateChange, 'locks' | 'registry'> = state;
  const blocked: string[] = [];
  for (const lock of state.locks.sessions) {
    if (lock.status !== 'merging' || lock.mergedBy !== undefined) continue;
    const seen = lockLiveness(lock, liveness, state.config, now);
    if (!seen.stale) continue;
    const reason = `merge interrupted: ${lock.sessionId} stopped responding (last seen ${seen.lastSeen}); \`lanes resume ${lock.prdId}\` then \`lanes release\``;
    current = blockLock(current, lock, reason);
    blocked.push(lock.prdId);
  }
  let released = blocked.length > 0;
  for (const lock of state.locks.sessions) {
    const holder = lock.mergedBy;
    if (holder === undefined) continue;
    if (lockForSession(current.locks, holder)?.status === 'merging') continue;
    released = true;
    current = {
      ...current,
      locks: replaceLock(current.locks, lock.prdId, (l) => ({
        ...without(l, 'mergedBy'),
        status: 'queued',
      })),
    };
  }
  return { state: current, blocked, released };
}

/**
 * Give the merge slot back without blaming the branch: a landing starved by pushes to
 * main (nothing wrong with its code) goes back to the queue, keeping its place, instead
 * of ending `blocked`; so do the members of its batch. A recorded merge commit is
 * dropped: it never reached main.
 */
export function applyYieldMergeSlot(request: OwnRequest): StateChange & { lock: SessionLock } {
  const lock = ownLock(request);
  if (lock.status !== 'merging') return updateOwn(request, lock, (l) => l);
  const requeued = (l: SessionLock): SessionLock => ({
    ...without(l, 'mergeCommit', 'mergedBy'),
    status: 'queued',
    queuedAt: l.queuedAt ?? isoSeconds(request.now),
  });
  const change = updateOwn(request, lock, requeued);
  let locks = change.locks;
  for (const member of locks.sessions.filter((l) => l.mergedBy === lock.sessionId)) {
    locks = replaceLock(locks, member.prdId, requeued);
  }
  return { ...change, locks };
}

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** Note the commit that landed the work on main, so an interrupted release can finish. */
export function applyRecordMergeCommit(
  request: OwnRequest & { sha: string },
): StateChange & { lock: SessionLock } {
  const lock = ownLock(request);
  if (lock.status !== 'merging') {
    throw wrongLockStatus(
      lock,
      'merging',
      'the merge commit is recorded while holding the merge slot',
    );
  }
  if (!SHA.test(request.sha)) {
    throw new LanesError('E_USAGE', `'${request.sha}' is not a full commit sha`);
  }
  return updateOwn(request, lock, (l) => ({ ...l, mergeCommit: request.sha }));
}

/**
 * The last step of a release: the registry entry moves to `completed`, the lock goes,
 * the PRD file moves to `docs/completed/YYYY-MM-DD/` (UTC).
 */
export function applyComplete(
  request: OwnRequest & { mergeCommit?: string },
): StateChange & { entry: CompletedEntry; branch: string } {
  const { state, now } = request;
  const lock = ownLock(request);
  if (lock.status !== 'merging') {
    throw wrongLockStatus(
      lock,
      'merging',
      '`lanes release` completes a PRD through the merge queue',
    );
  }
  const mergeCommit = request.mergeCommit ?? lock.mergeCommit;
  if (mergeCommit === undefined || !SHA.test(mergeCommit)) {
    throw new LanesError(
      'E_USAGE',
      `completing ${lock.prdId} needs the full sha of its merge commit`,
    );
  }
  const entry = findEntry(state.registry, lock.prdId);
  if (entry === undefined) {
    throw inconsistentState(`${lock.prdId} is locked but missing from docs/prd-registry.json`, {
      file: DOCUMENT_PATHS.locks,
      code: 'lock-unknown-prd',
    });
  }
  const archivedTo = completedArchivePath(lock.prdId, now);
  const prd = state.prds[entry.file];
  const completedStories = lock.completedStories ?? [];
  const completed: CompletedEntry = {
    id: entry.id,
    title: entry.title,
    completedAt: isoSeconds(now),
    archivedTo,
    mergeCommit,
    sessionId: lock.sessionId,
    // The progress the session recorded stays with the PRD once it is done.
    stories: {
      total: Math.max(
        prd?.userStories.length ?? entry.stories?.total ?? 0,
        completedStories.length,
      ),
      completed: completedStories.length,
    },
  };
  return {
    locks: removeLock(state.locks, lock.prdId),
    registry: {
      ...state.registry,
      prds: state.registry.prds.filter((candidate) => candidate.id !== entry.id),
      completed: [...state.registry.completed, completed],
    },
    files: [
      {
        kind: 'move',
        from: entry.file,
        to: archivedTo,
        ...(prd === undefined
          ? {}
          : { content: serializeDocument(storiesPassed(prd, completedStories)) }),
      },
    ],
    entry: completed,
    branch: lock.branch,
  };
}

/** The archived PRD: each story the session completed says `passes: true`. */
function storiesPassed(prd: PrdDocument, completed: readonly string[]): PrdDocument {
  return {
    ...prd,
    userStories: prd.userStories.map((story) =>
      completed.includes(story.id) ? { ...story, passes: true } : story,
    ),
  };
}
