import { DOCUMENT_PATHS } from '../validate/paths.js';
import { LanesError } from '../errors.js';
import type { CompletedEntry, Liveness, PrdFile as PrdDocument, SessionLock } from '../types.js';
import { serializeDocument } from '../validate/json.js';
import { completedArchivePath } from './archive.js';
import { findEntry, lockForSession } from './availability.js';
import { blockLock } from './apply-block.js';
import { lockLiveness } from './liveness.js';
import { nextToMerge, queuePosition } from './queue.js';
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
 * what blocked it), keeping the place when already queued or merging.
 */
export function applyEnqueue(request: OwnRequest): StateChange & { lock: SessionLock } {
  const lock = ownLock(request);
  if (lock.status === 'queued' || lock.status === 'merging')
    return updateOwn(request, lock, (l) => l);
  const change = updateOwn(request, lock, (l) => ({
    ...without(l, 'blockedReason'),
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
    | { taken: true; lock: SessionLock; blocked: string[] }
    | { taken: false; waitingFor: SessionLock; position: number; blocked: string[] }
  );

/**
 * Take the merge slot when it is this session's turn (see `nextToMerge`). A stale
 * session holding the slot is set back to `blocked` with a reason, then passed
 * over; stale queued sessions are only passed over. When it is not yet this
 * session's turn nothing of its own changes, but blocking stale holders is still a
 * change to commit (`blocked` lists their PRDs).
 */
export function applyTakeMergeSlot(
  request: OwnRequest & { liveness: readonly Liveness[] },
): TakeMergeSlotResult {
  const { state, liveness, now } = request;
  const own = ownLock(request);
  if (own.status === 'merging') {
    return { ...updateOwn(request, own, (l) => l), taken: true, blocked: [] };
  }
  if (own.status !== 'queued') {
    throw wrongLockStatus(own, 'queued', '`lanes release` joins the merge queue');
  }

  let current: Pick<StateChange, 'locks' | 'registry'> = state;
  const blocked: string[] = [];
  for (const lock of state.locks.sessions) {
    if (lock.status !== 'merging') continue;
    const seen = lockLiveness(lock, liveness, state.config, now);
    if (!seen.stale) continue;
    const reason = `merge interrupted: ${lock.sessionId} stopped responding (last seen ${seen.lastSeen}); \`lanes resume ${lock.prdId}\` then \`lanes release\``;
    current = blockLock(current, lock, reason);
    blocked.push(lock.prdId);
  }

  // The session asking is alive by definition, whatever its last ping says.
  const alive = [...liveness, { sessionId: own.sessionId, prdId: own.prdId, at: isoSeconds(now) }];
  const next = nextToMerge(current.locks, alive, state.config, now) ?? own;
  if (next.sessionId !== request.sessionId) {
    return {
      ...current,
      files: [],
      taken: false,
      waitingFor: next,
      position: queuePosition(current.locks, request.sessionId) ?? 0,
      blocked,
    };
  }
  const change = updateOwn({ ...request, state: { ...state, ...current } }, own, (l) => ({
    ...l,
    status: 'merging',
  }));
  return { ...change, registry: current.registry, taken: true, blocked };
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
