import {
  activeEntries,
  availableEntries,
  compareRisk,
  conflictsWithFromPaths,
  LanesError,
  lockForPrd,
  lockLiveness,
  normalizePrdId,
  onBranches,
  pairsToAnalyse,
  unchanged,
  unknownPrd,
  type ConflictsWithChange,
  type CoordinationState,
  type EntryPair,
  type Liveness,
  type StateChange,
} from '@lanes/core';
import {
  branchRisks,
  commitTransition,
  loadCoordination,
  openWorkspace,
  syncLocalCheckout,
  type Workspace,
} from '@lanes/git';
import type { Command } from '../command.js';
import type { CliContext } from '../context.js';
import { renderConflicts } from '../render/conflicts.js';
import type { ConflictPair, ConflictsReport } from '../results.js';

type Analysable = Pick<CoordinationState, 'config' | 'locks' | 'registry' | 'prds'>;

/**
 * The pairs to look at: among active and available PRDs, at least one active. For a
 * named PRD, only its pairs; a PRD that is neither active nor available (a draft, or
 * waiting on dependencies) is weighed against every active one, which is what its
 * claim will face. A completed or abandoned PRD has nothing left to collide with.
 */
function selectPairs(
  state: Analysable,
  liveness: readonly Liveness[],
  now: Date,
  prdId: string | undefined,
): (EntryPair & { stale: string[] })[] {
  const all = pairsToAnalyse(state, liveness, now);
  if (prdId === undefined) return all;
  const candidate = [...activeEntries(state), ...availableEntries(state)].some(
    (entry) => entry.id === prdId,
  );
  if (candidate) return all.filter((pair) => pair.a.id === prdId || pair.b.id === prdId);
  const entry = state.registry.prds.find((open) => open.id === prdId);
  if (entry === undefined) return [];
  return activeEntries(state).map((held) => {
    const lock = lockForPrd(state.locks, held.id);
    const stale = lock !== undefined && lockLiveness(lock, liveness, state.config, now).stale;
    return { a: held, b: entry, stale: stale ? [held.id] : [] };
  });
}

/** `--write`: the declared-path analysis into the registry's conflictsWith, one transaction. */
async function writeAnalysis(ctx: CliContext, ws: Workspace) {
  let latest: CoordinationState | undefined;
  const { result, commit } = await commitTransition(
    ctx,
    ws,
    (state): StateChange & { changes: ConflictsWithChange[] } => {
      latest = state;
      return { ...unchanged(state), ...conflictsWithFromPaths(state) };
    },
    (change) =>
      `chore: record conflict analysis (${change.changes.length} declaration${change.changes.length === 1 ? '' : 's'})`,
  );
  await syncLocalCheckout(ws, commit).catch(() => false);
  return { result, commit, state: { ...latest!, registry: result.registry } };
}

export const conflictsCommand: Command = {
  name: 'conflicts',
  summary: 'conflict risk between PRDs, each finding with its source and paths',
  usage: 'conflicts [<prd>] [--write]',
  options: {
    write: {
      type: 'boolean',
      description: 'store the declared-path analysis in the registry’s conflictsWith',
    },
  },
  maxPositionals: 1,
  async run(ctx, { values, positionals }) {
    const prdId = positionals[0] === undefined ? undefined : normalizePrdId(positionals[0]);
    if (values.write && ctx.offline) {
      throw new LanesError('E_USAGE', 'conflicts: --write changes the remote; drop --offline');
    }
    const ws = await openWorkspace(ctx);
    const loaded = await loadCoordination(ctx, ws);
    const registry = loaded.state.registry;
    const known = [...registry.prds, ...registry.completed, ...registry.abandoned];
    if (prdId !== undefined && !known.some((entry) => entry.id === prdId)) {
      throw unknownPrd(registry, prdId);
    }

    let state: Analysable = loaded.state;
    const report: Partial<ConflictsReport> = {};
    if (values.write) {
      const written = await writeAnalysis(ctx, ws);
      state = written.state;
      report.written = written.result.changes;
      report.commit = written.commit;
    }

    const pairs = selectPairs(state, loaded.liveness, ctx.now(), prdId);
    const analysis = await branchRisks(ws.repo, ws.coords.remote, onBranches(state, pairs), {
      offline: ctx.offline,
      shared: state.config.coordination.shared,
    });
    for (const problem of analysis.problems) ctx.note(`note: branches not compared: ${problem}`);
    const risky: ConflictPair[] = analysis.risks
      .map((risk, index) => ({ ...risk, stale: pairs[index]?.stale ?? [] }))
      .filter((pair) => pair.risk !== 'none')
      .sort(
        (x, y) => compareRisk(y.risk, x.risk) || x.a.localeCompare(y.a) || x.b.localeCompare(y.b),
      );
    const data: ConflictsReport = {
      pairs: risky,
      checked: pairs.length,
      prd: prdId ?? null,
      branches: {
        compared: analysis.compared,
        offline: analysis.offline,
        problems: analysis.problems,
      },
      ...report,
    };
    return { data, text: renderConflicts(data, { color: ctx.color }) };
  },
};
