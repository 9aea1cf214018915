import { activePairs, buildStatusReport, onBranches } from '@lanes/core';
import { branchRisks } from '@lanes/git';
import type { CliContext } from '../context.js';
import type { RecoveredLanding } from '../release/recover.js';
import type { StatusReport } from '../results.js';
import { describe, loadCoordination, type Coordination, type Workspace } from '../workspace.js';

// One read of what every view shows: the state and liveness from the remote, the
// branch-based conflict risks between active PRDs, as `lanes status --json` prints it.

export interface ReadReport {
  report: StatusReport;
  /** Why branch-based conflict analysis was skipped, if it was. */
  riskProblem?: string;
  /** The coordination commit read (archives are served from it); null: none yet. */
  tip: string | null;
}

export async function readReport(
  ctx: CliContext,
  ws: Workspace,
  options: { coordination?: Coordination; recovered?: readonly RecoveredLanding[] } = {},
): Promise<ReadReport> {
  const { snapshot, state, liveness } = options.coordination ?? (await loadCoordination(ctx, ws));
  const branches = await branchRisks(
    ws.repo,
    ws.coords.remote,
    onBranches(state, activePairs(state)),
    {
      offline: ctx.offline,
      shared: state.config.coordination.shared,
    },
  );
  const report = buildStatusReport({
    state,
    liveness,
    now: ctx.now(),
    risks: branches.risks,
    source: describe(ws.coords),
    offline: snapshot.offline,
    recovered: options.recovered ?? [],
  });
  return {
    report,
    tip: snapshot.tip,
    ...(branches.problems.length === 0 ? {} : { riskProblem: branches.problems.join('; ') }),
  };
}
