import {
  activeEntries,
  isLanesError,
  lockForPrd,
  riskBetween,
  type CoordinationState,
  type PairRisk,
  type RegistryEntry,
} from '@lanes/core';
import { branchEvidence, fetchBranchTips } from '@lanes/git';
import type { Workspace } from './workspace.js';

// The dashboard's conflict warnings between active sessions also look at the real
// branches (PRODUCT.md "Conflict risk"): one ls-remote for the tips, a fetch only of
// tips not here yet, then diffs and one merge-tree for every pair.

export interface ActiveRisks {
  risks: PairRisk[];
  /** Why the branches could not be compared (the warnings then use the registry only). */
  problem?: string;
  offline: boolean;
}

export async function activeBranchRisks(
  ws: Workspace,
  state: Pick<CoordinationState, 'config' | 'locks' | 'registry'>,
  offline: boolean,
): Promise<ActiveRisks> {
  const held = activeEntries(state).flatMap((entry) => {
    const lock = lockForPrd(state.locks, entry.id);
    return lock === undefined ? [] : [{ entry, branch: lock.branch }];
  });
  if (held.length < 2) return { risks: [], offline };
  try {
    const tips = await fetchBranchTips(
      ws.repo,
      ws.coords.remote,
      held.map((h) => h.branch),
      { offline },
    );
    const pairs: { a: RegistryEntry; b: RegistryEntry; tipA: string; tipB: string }[] = [];
    for (let i = 0; i < held.length; i += 1) {
      for (let j = i + 1; j < held.length; j += 1) {
        const tipA = tips.tips.get(held[i]!.branch);
        const tipB = tips.tips.get(held[j]!.branch);
        if (tipA === undefined || tipB === undefined) continue;
        pairs.push({ a: held[i]!.entry, b: held[j]!.entry, tipA, tipB });
      }
    }
    const evidence = await branchEvidence(
      ws.repo.git,
      pairs.map((pair) => ({ a: pair.tipA, b: pair.tipB })),
    );
    const shared = state.config.coordination.shared;
    const risks = pairs.flatMap((pair, index) => {
      const found = evidence[index];
      if (found === undefined || found.problem !== undefined) return [];
      return [riskBetween(pair.a, pair.b, { shared, evidence: found })];
    });
    return {
      risks,
      offline: tips.offline,
      ...(tips.problem === undefined ? {} : { problem: tips.problem }),
    };
  } catch (error) {
    if (!isLanesError(error)) throw error;
    return { risks: [], offline, problem: error.message };
  }
}
