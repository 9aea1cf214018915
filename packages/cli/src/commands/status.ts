import { isLanesError } from '@lanes/core';
import type { Command } from '../command.js';
import type { CliContext } from '../context.js';
import { recoverInterruptedLandings, type RecoveredLanding } from '../release/recover.js';
import { renderStatus } from '../render/status.js';
import { activeBranchRisks } from '../status-risks.js';
import { buildStatusReport } from '../status-report.js';
import { describe, loadCoordination, openWorkspace, type Workspace } from '../workspace.js';

export const statusCommand: Command = {
  name: 'status',
  summary: 'the dashboard',
  usage: 'status',
  options: {},
  maxPositionals: 0,
  async run(ctx) {
    const ws = await openWorkspace(ctx);
    let coordination = await loadCoordination(ctx, ws);
    const recovered = await recover(ctx, ws);
    // A recovery is a transaction: draw the state it left.
    if (recovered.length > 0) coordination = await loadCoordination(ctx, ws);
    const { snapshot, state, liveness } = coordination;
    const now = ctx.now();
    const branches = await activeBranchRisks(ws, state, ctx.offline);
    const report = buildStatusReport({
      state,
      liveness,
      now,
      risks: branches.risks,
      source: describe(ws.coords),
      offline: snapshot.offline,
      recovered,
    });
    return {
      data: report,
      text: renderStatus(report, {
        color: ctx.color,
        ...(branches.problem === undefined ? {} : { riskProblem: branches.problem }),
      }),
    };
  },
};

/**
 * A landing a crash left half done is finished before the dashboard is drawn, so it
 * shows the truth. Offline there is no remote to finish it on; a failure to finish
 * must not hide the dashboard either (the next status or release tries again).
 */
async function recover(ctx: CliContext, ws: Workspace): Promise<RecoveredLanding[]> {
  if (ctx.offline) return [];
  try {
    const recovered = await recoverInterruptedLandings(ctx, ws);
    for (const landing of recovered) {
      ctx.note(
        `recovered an interrupted landing: ${landing.prdId} is on main as ${landing.mergeCommit.slice(0, 12)}, now marked completed`,
      );
    }
    return recovered;
  } catch (error) {
    if (!isLanesError(error)) throw error;
    ctx.note(`note: could not finish an interrupted landing: ${error.message}`);
    return [];
  }
}
