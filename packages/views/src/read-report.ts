import {
  activePairs,
  buildStatusReport,
  MAIN_BRANCH,
  onBranches,
  type CoordinationState,
  type Liveness,
  type RecoveryStep,
  type StatusReport,
} from '@lanes/core';
import {
  branchRisks,
  fetchBranchTips,
  describeCoordinates,
  loadCoordination,
  type CommandContext,
  type Workspace,
} from '@lanes/git';
import { planInterrupted, recordedLandings } from '@lanes/release';

// One read of what every view shows: the state and liveness from the remote, the
// branch-based conflict risks between active PRDs, as `lanes status --json` prints it.
// Nothing here writes to the coordination branch: a landing a crash left half done is
// reported, and the next `lanes release` finishes it.

export interface ReadReport {
  report: StatusReport;
  /** Why branch-based conflict analysis was skipped, if it was. */
  riskProblem?: string;
  /** The coordination commit read (archives are served from it); null: none yet. */
  tip: string | null;
}

export async function readReport(ctx: CommandContext, ws: Workspace): Promise<ReadReport> {
  const { snapshot, state, liveness } = await loadCoordination(ctx, ws);
  const [branches, recovery] = await Promise.all([
    branchRisks(ws.repo, ws.coords.remote, onBranches(state, activePairs(state)), {
      offline: ctx.offline,
      shared: state.config.coordination.shared,
    }),
    interruptedLandings(ctx, ws, state, liveness),
  ]);
  const report = buildStatusReport({
    state,
    liveness,
    now: ctx.now(),
    risks: branches.risks,
    source: describeCoordinates(ws.coords),
    offline: snapshot.offline,
    recovery,
  });
  return {
    report,
    tip: snapshot.tip,
    ...(branches.problems.length === 0 ? {} : { riskProblem: branches.problems.join('; ') }),
  };
}

/**
 * What a release would do with each recorded merge commit: with a coordination branch
 * other than main a landing is two pushes, and a crash between them leaves one.
 */
async function interruptedLandings(
  ctx: CommandContext,
  ws: Workspace,
  state: CoordinationState,
  liveness: readonly Liveness[],
): Promise<RecoveryStep[]> {
  if (ws.coords.branch === MAIN_BRANCH) return [];
  if (recordedLandings(state).length === 0) return [];
  const main = await fetchBranchTips(ws.repo, ws.coords.remote, [MAIN_BRANCH], {
    offline: ctx.offline,
  });
  return planInterrupted(ws, state, liveness, main.tips.get(MAIN_BRANCH), ctx.now());
}
