import type { AbandonedEntry, Liveness } from '../types.js';
import { abandonReasonMarkdown, abandonedArchiveFiles } from './archive.js';
import { findEntry, lockForPrd } from './availability.js';
import { branchForPrd } from './ids.js';
import { missingReason, notActive, unknownPrd } from './refusals.js';
import {
  assertMayActOn,
  removeLock,
  type StateChange,
  type TransitionState,
} from './state-change.js';
import { isoSeconds } from './time.js';

export interface AbandonInput {
  state: TransitionState;
  prdId: string;
  sessionId: string;
  liveness: readonly Liveness[];
  now: Date;
  reason: string;
  /** Abandon a live session's PRD. */
  force?: boolean;
  /** The branch tip, recorded in reason.md so the work can be recovered. */
  tipSha?: string;
}

/**
 * Archive a PRD as abandoned: the registry entry moves to `abandoned`, the lock goes,
 * the PRD file moves to `docs/abandoned/YYYY-MM-DD-<prd>/` beside a `reason.md`.
 * Allowed for one's own PRD, a stale session's, an unclaimed one, or with `force`.
 * The entry records the session whose work it was (the holder), else the one
 * abandoning it.
 */
export function applyAbandon(input: AbandonInput): StateChange & {
  entry: AbandonedEntry;
  /** The PRD's branch, for the caller to delete (or keep). */
  branch: string;
} {
  const { state, prdId } = input;
  const reason = input.reason.trim();
  if (reason === '') throw missingReason();
  const entry = findEntry(state.registry, prdId);
  if (entry === undefined)
    throw notActive(state.registry, prdId) ?? unknownPrd(state.registry, prdId);
  const lock = lockForPrd(state.locks, prdId);
  if (lock !== undefined) assertMayActOn(state, lock, input, 'abandon');

  const archive = abandonedArchiveFiles(prdId, input.now);
  const at = isoSeconds(input.now);
  const sessionId = lock?.sessionId ?? input.sessionId;
  const branch = lock?.branch ?? branchForPrd(entry, state.prds[entry.file]);
  const abandoned: AbandonedEntry = {
    id: prdId,
    title: entry.title,
    abandonedAt: at,
    archivedTo: archive.dir,
    reason,
    sessionId,
  };
  const markdown = abandonReasonMarkdown({
    prdId,
    title: entry.title,
    sessionId,
    date: at,
    reason,
    branch,
    ...(input.tipSha === undefined ? {} : { tipSha: input.tipSha }),
    completedStories: lock?.completedStories ?? [],
  });
  return {
    locks: removeLock(state.locks, prdId),
    registry: {
      ...state.registry,
      prds: state.registry.prds.filter((candidate) => candidate.id !== prdId),
      abandoned: [...state.registry.abandoned, abandoned],
    },
    files: [
      { kind: 'move', from: entry.file, to: archive.prdFile },
      { kind: 'write', path: archive.reasonFile, content: markdown },
    ],
    entry: abandoned,
    branch,
  };
}
