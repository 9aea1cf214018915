import {
  isLanesError,
  lockForSession,
  type AbandonedEntry,
  type CoordinationState,
  type Liveness,
} from '@lanes/core';
import { clearClaimRecord, removeLiveness, type ClaimRecord, type Workspace } from '@lanes/git';
import { disposeBranch, NO_BRANCH, planBranch } from './abandon-branch.js';
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
  keepBranch: boolean,
): Promise<AbandonResult> {
  const { entry, record } = left;
  const plan =
    record === null ? null : await planBranch(ws, state, entry.id, record.branch, keepBranch);
  const fate = plan === null ? NO_BRANCH : await disposeBranch(ws, plan);
  if (left.heartbeat !== null) await forgetLiveness(ctx, ws, left.heartbeat);
  if (record !== null) await clearClaimRecord(ws.repo);

  const done = [
    ...(record === null ? [] : ['this worktree no longer holds it']),
    ...(fate.localBranchDeleted ? [`deleted the local ${plan!.branch}`] : []),
    ...(fate.remoteBranchDeleted ? [`deleted ${ws.coords.remote}/${plan!.branch}`] : []),
    ...(left.heartbeat === null ? [] : [`removed the heartbeat ref of ${left.heartbeat}`]),
  ];
  ctx.note(`note: finished the interrupted abandon of ${entry.id}: ${done.join(', ')}`);
  const { notes, ...branchFate } = fate;
  for (const note of notes) ctx.note(`note: ${note}`);
  const sessionId = entry.sessionId ?? record?.sessionId ?? '';
  return {
    prdId: entry.id,
    sessionId,
    abandonedBy: sessionId,
    archivedTo: entry.archivedTo,
    reason: entry.reason,
    branch: plan?.branch ?? '',
    branchTip: plan?.tips.remote ?? plan?.tips.local ?? null,
    ...branchFate,
    commit: null,
  };
}

/** The abandoned session's heartbeat ref says nothing any more; a failure only leaves it stale. */
export async function forgetLiveness(
  ctx: CliContext,
  ws: Workspace,
  sessionId: string,
): Promise<void> {
  try {
    await removeLiveness(ws.repo, ws.coords.remote, sessionId);
  } catch (error) {
    if (!isLanesError(error)) throw error;
    ctx.note(`note: could not remove the heartbeat ref of ${sessionId}: ${error.message}`);
  }
}
