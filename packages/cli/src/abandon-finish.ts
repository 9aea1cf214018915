import {
  lockForSession,
  protectedBranchReason,
  type AbandonedEntry,
  type CoordinationState,
  type Liveness,
} from '@lanes/core';
import {
  clearClaimRecord,
  currentBranch,
  fetchBranchTip,
  localBranchSha,
  uncommittedChanges,
  type ClaimRecord,
  type Workspace,
} from '@lanes/git';
import { removeBranch, uncommittedWorkError, type BranchRemoval } from './abandon-branch.js';
import type { AbandonResult } from './results.js';
import type { CliContext } from './context.js';

// An abandon killed after its transaction left its local and remote half undone: this
// worktree on the branch with its claim record, the branch here and on the remote, the
// session's heartbeat ref. Its re-run finishes that tidy-up and says so (the state says
// abandoned already: there is no second transaction).

export interface Leftovers {
  entry: AbandonedEntry;
  /** The claim record of this worktree, when it names the abandoned PRD. */
  record: ClaimRecord | null;
  /** The abandoned session still has a heartbeat ref and holds no lock. */
  heartbeat: string | null;
}

/** What an interrupted abandon of `prdId` left behind, or null when there is nothing. */
export function abandonLeftovers(
  state: CoordinationState,
  liveness: readonly Liveness[],
  prdId: string | undefined,
  record: ClaimRecord | null,
): Leftovers | null {
  const id = prdId ?? record?.prdId;
  const entry = state.registry.abandoned.find((candidate) => candidate.id === id);
  if (entry === undefined) return null;
  const own = record?.prdId === entry.id ? record : null;
  const session = entry.sessionId ?? own?.sessionId;
  const heartbeat =
    session !== undefined &&
    lockForSession(state.locks, session) === undefined &&
    liveness.some((seen) => seen.sessionId === session)
      ? session
      : null;
  return own === null && heartbeat === null ? null : { entry, record: own, heartbeat };
}

export async function finishAbandon(
  ctx: CliContext,
  ws: Workspace,
  state: CoordinationState,
  left: Leftovers,
  options: { keepBranch: boolean; forget: (sessionId: string) => Promise<void> },
): Promise<AbandonResult> {
  const { entry, record } = left;
  const branch = record?.branch ?? null;
  const keptBecause =
    branch === null
      ? undefined
      : protectedBranchReason(branch, ws.coords.branch, state.locks, entry.id);
  const deleting = branch !== null && !options.keepBranch && keptBecause === undefined;
  const onBranch = branch !== null && (await currentBranch(ws.repo.git)) === branch;
  const tips = {
    remote: branch === null ? null : await fetchBranchTip(ws.repo, ws.coords.remote, branch),
    local: branch === null ? null : await localBranchSha(ws.repo.git, branch),
  };
  if (deleting && onBranch) {
    const dirty = await uncommittedChanges(ws.repo.git);
    if (dirty.length > 0) throw uncommittedWorkError(branch, dirty);
  }
  let removal: BranchRemoval = { local: false, remote: false, switchedTo: null, notes: [] };
  if (deleting) removal = await removeBranch(ws, branch, tips, onBranch);
  if (left.heartbeat !== null) await options.forget(left.heartbeat);
  if (record !== null) await clearClaimRecord(ws.repo);

  const done = [
    ...(record === null ? [] : ['this worktree no longer holds it']),
    ...(removal.local && tips.local !== null ? [`deleted the local ${branch}`] : []),
    ...(removal.remote && tips.remote !== null ? [`deleted ${ws.coords.remote}/${branch}`] : []),
    ...(left.heartbeat === null ? [] : [`removed the heartbeat ref of ${left.heartbeat}`]),
  ];
  ctx.note(`note: finished the interrupted abandon of ${entry.id}: ${done.join(', ')}`);
  for (const note of removal.notes) ctx.note(`note: ${note}`);
  const sessionId = entry.sessionId ?? record?.sessionId ?? '';
  return {
    prdId: entry.id,
    sessionId,
    abandonedBy: sessionId,
    archivedTo: entry.archivedTo,
    reason: entry.reason,
    branch: branch ?? '',
    branchTip: tips.remote ?? tips.local,
    branchDeleted: deleting && removal.local && removal.remote,
    localBranchDeleted: deleting && removal.local && tips.local !== null,
    remoteBranchDeleted: deleting && removal.remote && tips.remote !== null,
    switchedTo: removal.switchedTo,
    commit: null,
  };
}
