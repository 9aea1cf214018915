import {
  activeEntries,
  availableEntries,
  branchForPrd,
  isLanesError,
  isValidBranchName,
  lockForPrd,
  riskBetween,
  type CoordinationState,
  type PairRisk,
  type RegistryEntry,
} from '@lanes/core';
import { branchEvidence, fetchBranchTips } from '@lanes/git';
import type { Workspace } from './workspace.js';

// Conflict risk with the third source of PRODUCT.md, the real branches: for the PRDs
// whose branches exist on the remote, one ls-remote for every tip (a fetch only of
// tips not here yet), two diffs per pair and one merge-tree process for all pairs.
// `lanes conflicts` uses it; `lanes claim` can pass `risks` to core's checkClaim and
// chooseBestPrd so that a claim sees real conflicts too.

type RiskState = Pick<CoordinationState, 'config' | 'locks' | 'registry' | 'prds'>;

export interface EntryPair {
  a: RegistryEntry;
  b: RegistryEntry;
}

export interface BranchAwareRisks {
  /** One per pair asked about, in the same order; branch findings where git could compare. */
  risks: PairRisk[];
  /** How many pairs were compared on their branches. */
  compared: number;
  /** True when the tips are the last fetched ones (asked offline, or the remote was out of reach). */
  offline: boolean;
  /** Why some or all branches could not be used (the registry's findings stand alone then). */
  problems: string[];
}

/** The branch a PRD's work lives on: its lock's, else the registry's or PRD file's, else feature/<slug>. */
export function prdBranch(state: RiskState, entry: RegistryEntry): string {
  return lockForPrd(state.locks, entry.id)?.branch ?? branchForPrd(entry, state.prds[entry.file]);
}

/**
 * The risk of each pair from every source: declared, declared paths, and, when both
 * PRDs have a branch on the remote, the changed files and merge-tree conflicts.
 * Never fails for git's sake: a remote out of reach gives the last fetched tips,
 * a pair git cannot compare keeps the registry's findings, each with a problem noted.
 */
export async function branchAwareRisks(
  ws: Workspace,
  state: RiskState,
  pairs: readonly EntryPair[],
  options: { offline: boolean },
): Promise<BranchAwareRisks> {
  const shared = state.config.coordination.shared;
  const registryOnly = (problems: string[], offline = options.offline): BranchAwareRisks => ({
    risks: pairs.map(({ a, b }) => riskBetween(a, b, { shared })),
    compared: 0,
    offline,
    problems,
  });
  if (pairs.length === 0) return registryOnly([]);

  const branchOf = new Map<string, string>();
  for (const { a, b } of pairs) {
    for (const entry of [a, b]) {
      const branch = prdBranch(state, entry);
      if (isValidBranchName(branch)) branchOf.set(entry.id, branch);
    }
  }
  let tips: Map<string, string>;
  const problems: string[] = [];
  let offline = options.offline;
  try {
    const fetched = await fetchBranchTips(ws.repo, ws.coords.remote, [...branchOf.values()], {
      offline: options.offline,
    });
    tips = fetched.tips;
    offline = fetched.offline;
    if (fetched.problem !== undefined) problems.push(fetched.problem);
  } catch (error) {
    if (!isLanesError(error)) throw error;
    return registryOnly([error.message]);
  }

  const tipOf = (entry: RegistryEntry) => {
    const branch = branchOf.get(entry.id);
    return branch === undefined ? undefined : tips.get(branch);
  };
  const comparable = pairs
    .map((pair, index) => ({ index, tipA: tipOf(pair.a), tipB: tipOf(pair.b) }))
    .filter(
      (pair): pair is { index: number; tipA: string; tipB: string } =>
        pair.tipA !== undefined && pair.tipB !== undefined && pair.tipA !== pair.tipB,
    );
  let evidence: Awaited<ReturnType<typeof branchEvidence>>;
  try {
    evidence = await branchEvidence(
      ws.repo.git,
      comparable.map(({ tipA, tipB }) => ({ a: tipA, b: tipB })),
    );
  } catch (error) {
    if (!isLanesError(error)) throw error;
    return registryOnly([...problems, error.message], offline);
  }

  const byIndex = new Map(comparable.map((pair, at) => [pair.index, evidence[at]]));
  let compared = 0;
  const risks = pairs.map(({ a, b }, index) => {
    const found = byIndex.get(index);
    if (found?.problem !== undefined) problems.push(`${a.id} and ${b.id}: ${found.problem}`);
    if (found === undefined || found.problem !== undefined) {
      return riskBetween(a, b, { shared });
    }
    compared += 1;
    return riskBetween(a, b, { shared, evidence: found });
  });
  return { risks, compared, offline, problems };
}

/**
 * The pairs a claim weighs: the PRD (or, without one, every available PRD) against
 * every PRD somebody holds. Pass the result's `risks` to checkClaim / chooseBestPrd.
 */
export function claimPairs(state: RiskState, prdId?: string): EntryPair[] {
  const active = activeEntries(state);
  const candidates =
    prdId === undefined
      ? availableEntries(state)
      : state.registry.prds.filter((entry) => entry.id === prdId);
  return candidates.flatMap((candidate) =>
    active.filter((held) => held.id !== candidate.id).map((held) => ({ a: candidate, b: held })),
  );
}
