import type { CompletedEntry, SessionLock } from '../types.js';
import { lockForPrd, lockForSession } from './availability.js';
import { blockLock } from './apply-block.js';
import { finishLanding } from './apply-landing.js';
import { noSession, wrongLockStatus } from './refusals.js';
import { replaceLock, without, type StateChange, type TransitionState } from './state-change.js';

// The end of a batch of the merge queue (see `batchFor`): the slot holder tested the
// members together, bisected what failed, and now records the outcome in one
// transaction — the landed ones completed, each with its own merge commit, the
// failing or conflicting ones blocked with their error and output.

export interface BatchLanded {
  prdId: string;
  mergeCommit: string;
}

export interface BatchBlocked {
  prdId: string;
  reason: string;
  /** The LanesError code its release ends with (E_QUALITY_CHECK, E_MERGE_CONFLICT…). */
  code: string;
  /** The last lines of the failing command's output. */
  output?: string[];
  /** The failure came late enough that main may have it: its recorded merge commit stays, for a recovery to tell. */
  mayHaveLanded?: boolean;
}

interface BatchRequest {
  state: TransitionState;
  /** The slot holder. */
  sessionId: string;
  landed: readonly BatchLanded[];
  blocked: readonly BatchBlocked[];
  now: Date;
}

/** Refuses unless the session still holds the merge slot (its batch was not taken from it). */
function holderLock(request: BatchRequest): SessionLock {
  const lock = lockForSession(request.state.locks, request.sessionId);
  if (lock === undefined) throw noSession(request.sessionId);
  if (lock.status !== 'merging' || lock.mergedBy !== undefined) {
    throw wrongLockStatus(
      lock,
      'merging',
      'a batch is landed by the session holding the merge slot',
    );
  }
  return lock;
}

/** A member of this holder's batch (or the holder); others were taken out of it meanwhile. */
function memberLock(request: BatchRequest, prdId: string): SessionLock | undefined {
  const lock = lockForPrd(request.state.locks, prdId);
  if (lock === undefined || lock.status !== 'merging') return undefined;
  const holds = lock.sessionId === request.sessionId && lock.mergedBy === undefined;
  return holds || lock.mergedBy === request.sessionId ? lock : undefined;
}

function blockMembers(
  request: BatchRequest,
  state: Pick<StateChange, 'locks' | 'registry'>,
  which: (lock: SessionLock) => boolean,
): Pick<StateChange, 'locks' | 'registry'> {
  let current = state;
  for (const failed of request.blocked) {
    const lock = memberLock(request, failed.prdId);
    if (lock === undefined || !which(lock)) continue;
    const unlanded = failed.mayHaveLanded === true ? lock : without(lock, 'mergeCommit');
    current = blockLock(current, without(unlanded, 'mergedBy'), failed.reason, {
      blockedCode: failed.code,
      ...(failed.output === undefined ? {} : { blockedOutput: failed.output }),
    });
  }
  return current;
}

const isHolder = (request: BatchRequest) => (lock: SessionLock) =>
  lock.sessionId === request.sessionId;

/**
 * With a dedicated coordination branch, before main moves: the merge commits of the
 * members about to land are recorded (so a recovery can finish them), and the members
 * that failed are blocked. The holder's own block waits for `applyFinishBatch`: until
 * then it holds the slot for the others.
 */
export function applyRecordBatch(request: BatchRequest): StateChange {
  holderLock(request);
  let current = blockMembers(request, request.state, (lock) => !isHolder(request)(lock));
  for (const landed of request.landed) {
    if (memberLock(request, landed.prdId) === undefined) continue;
    current = {
      ...current,
      locks: replaceLock(current.locks, landed.prdId, (l) => ({
        ...l,
        mergeCommit: landed.mergeCommit,
      })),
    };
  }
  return { ...current, files: [] };
}

/**
 * Once main has the landed members: each is completed with its own merge commit (and
 * `landedBy`/`batch` when it landed in another session's batch or beside others); the
 * failed members still merging are blocked, the holder's own included.
 */
export function applyFinishBatch(
  request: BatchRequest,
): StateChange & { entries: CompletedEntry[] } {
  holderLock(request);
  let current: StateChange = {
    ...blockMembers(request, request.state, () => true),
    files: [],
  };
  const batch = request.landed.map((landed) => landed.prdId);
  const entries: CompletedEntry[] = [];
  for (const landed of request.landed) {
    const lock = memberLock(request, landed.prdId);
    if (lock === undefined) continue;
    const done = finishLanding(
      { ...request.state, ...current },
      landed.prdId,
      landed.mergeCommit,
      request.now,
    );
    const entry: CompletedEntry = {
      ...done.entry,
      ...(lock.sessionId === request.sessionId ? {} : { landedBy: request.sessionId }),
      ...(batch.length > 1 ? { batch } : {}),
    };
    current = {
      locks: done.locks,
      registry: {
        ...done.registry,
        completed: done.registry.completed.map((e) => (e.id === entry.id ? entry : e)),
      },
      files: [...current.files, ...done.files],
    };
    entries.push(entry);
  }
  return { ...current, entries };
}
