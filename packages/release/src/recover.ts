import {
  finishLanding,
  forgetMergeCommit,
  planRecovery,
  type CoordinationState,
  type Liveness,
  type RecoveryStep,
  type SessionLock,
  MAIN_BRANCH,
} from '@lanes/core';
import {
  fetchBranchTip,
  isAncestor,
  readLiveness,
  readState,
  removeLiveness,
  type Snapshot,
  commitTransition,
  usableState,
  type Workspace,
} from '@lanes/git';
import type { CommandContext } from '@lanes/git';
import { releaseMessages } from './messages.js';

/** A landing that was interrupted between its two pushes and has now been finished. */
export interface RecoveredLanding {
  prdId: string;
  mergeCommit: string;
  sessionId: string;
  branch: string;
  archivedTo: string;
}

/** Locks whose release recorded a merge commit: a landing under way, or one a crash cut short. */
export function recordedLandings(state: CoordinationState): SessionLock[] {
  return state.locks.sessions.filter((lock) => lock.mergeCommit !== undefined);
}

/**
 * What a release does with each recorded merge commit, given main's tip: completes the
 * ones on main, forgets the others (core's planRecovery). `status` reports the plan,
 * `release` carries it out.
 */
export async function planInterrupted(
  ws: Workspace,
  state: CoordinationState,
  liveness: readonly Liveness[],
  mainTip: string | null | undefined,
  now: Date,
): Promise<RecoveryStep[]> {
  const locks = recordedLandings(state);
  const landed = new Set<string>();
  for (const { mergeCommit } of locks) {
    if (mainTip != null && (await isAncestor(ws.repo.git, mergeCommit!, mainTip))) {
      landed.add(mergeCommit!);
    }
  }
  return planRecovery({ locks, landed, liveness, config: state.config, now });
}

/**
 * With a coordination branch other than main, a release records its merge commit,
 * lands it on main, then completes the PRD: three pushes. When a crash came between
 * them, finish it: a recorded `mergeCommit` that is on main completes the PRD; one that
 * never got there is forgotten (a stale merging session goes back to the queue; a live
 * one is left alone, it may be pushing right now). `lanes status` and `lanes release`
 * call this first. With main coordinating, a landing is one push and never half done.
 */
export async function recoverInterruptedLandings(
  ctx: CommandContext,
  ws: Workspace,
): Promise<RecoveredLanding[]> {
  if (ctx.offline || ws.coords.branch === MAIN_BRANCH) return [];
  const state = usableOrNull(await readState(ws.repo, ws.coords), ws);
  if (state === null) return [];
  if (recordedLandings(state).length === 0) return [];

  const [mainTip, liveness] = await Promise.all([
    fetchBranchTip(ws.repo, ws.coords.remote, MAIN_BRANCH, { track: true }),
    readLiveness(ws.repo, ws.coords.remote),
  ]);
  const steps = await planInterrupted(ws, state, liveness, mainTip, ctx.now());

  const recovered: RecoveredLanding[] = [];
  for (const step of steps) {
    if (step.action === 'complete') {
      const done = await complete(ctx, ws, step);
      if (done !== null) recovered.push(done);
    } else if (step.action === 'requeue' || step.action === 'clear') {
      await forget(ctx, ws, step);
    }
  }
  return recovered;
}

async function complete(
  ctx: CommandContext,
  ws: Workspace,
  step: RecoveryStep,
): Promise<RecoveredLanding | null> {
  const { result } = await commitTransition(
    ctx,
    ws,
    (state, now) => finishLanding(state, step.prdId, step.mergeCommit, now),
    () => releaseMessages.completeMessage(step.prdId, step.sessionId),
  );
  if (result.already) return null;
  // The session has nothing left to be alive for.
  await removeLiveness(ws.repo, ws.coords.remote, step.sessionId).catch(() => undefined);
  return {
    prdId: step.prdId,
    mergeCommit: step.mergeCommit,
    sessionId: step.sessionId,
    branch: step.branch,
    archivedTo: result.entry.archivedTo,
  };
}

async function forget(ctx: CommandContext, ws: Workspace, step: RecoveryStep): Promise<void> {
  const requeue = step.action === 'requeue';
  const { result } = await commitTransition(
    ctx,
    ws,
    (state, now) =>
      forgetMergeCommit(state, {
        prdId: step.prdId,
        mergeCommit: step.mergeCommit,
        requeue,
        now,
      }),
    () =>
      requeue
        ? releaseMessages.requeueMessage(step.prdId)
        : releaseMessages.forgetMessage(step.prdId),
  );
  if (result.changed) ctx.note(releaseMessages.resetLanding(step.prdId, MAIN_BRANCH, requeue));
}

/** Not initialized, switched off or invalid: the caller reports that itself. */
function usableOrNull(snapshot: Snapshot, ws: Workspace): CoordinationState | null {
  try {
    return usableState(snapshot, ws.coords);
  } catch {
    return null;
  }
}
