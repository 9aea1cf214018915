import {
  isLanesError,
  isValidBranchName,
  riskBetween,
  type PairRisk,
  type RiskSide,
  type SidePair,
} from '@lanes/core';
import type { Repository } from '../repository.js';
import { branchEvidence, type PairEvidence } from './branch-evidence.js';
import { fetchBranchTips } from './fetch-tips.js';

// Conflict risk with the third source of PRODUCT.md, the real branches, for `claim`,
// `conflicts`, `status` and the pre-push hook alike: one ls-remote for every tip (a
// fetch only of tips not here yet, kept where the others find them), then four git
// processes for the evidence of all pairs, then core's risk rule.

export interface BranchRisks {
  /** One per pair, in order: every source, the branches' findings where git compared them. */
  risks: PairRisk[];
  /** How many pairs were compared on their branches. */
  compared: number;
  /** True when the tips are the last fetched ones (asked offline, or the remote was out of reach). */
  offline: boolean;
  /** Why some or all branches could not be used (the registry's findings stand alone then). */
  problems: string[];
}

/**
 * The risk of each pair from every source: declared, declared paths, and, when both
 * sides have work git can reach (a branch pushed to `remote`, or a commit here), the
 * changed files and merge-tree conflicts. Never fails for git's sake: a remote out of
 * reach gives the last fetched tips, a pair git cannot compare keeps the registry's
 * findings, each with a problem noted.
 */
export async function branchRisks(
  repo: Repository,
  remote: string,
  pairs: readonly SidePair[],
  options: { offline: boolean; shared: readonly string[] },
): Promise<BranchRisks> {
  const { shared } = options;
  const assess = (pair: SidePair, evidence?: PairEvidence) =>
    riskBetween(
      pair.a.entry,
      pair.b.entry,
      evidence === undefined ? { shared } : { shared, evidence },
    );
  const registryOnly = (problems: string[], offline = options.offline): BranchRisks => ({
    risks: pairs.map((pair) => assess(pair)),
    compared: 0,
    offline,
    problems,
  });
  if (pairs.length === 0) return registryOnly([]);

  const branches = pairs
    .flatMap((pair) => [pair.a.tip, pair.b.tip])
    .flatMap((tip) => ('branch' in tip && isValidBranchName(tip.branch) ? [tip.branch] : []));
  const problems: string[] = [];
  let fetched: Awaited<ReturnType<typeof fetchBranchTips>>;
  try {
    fetched = await fetchBranchTips(repo, remote, branches, { offline: options.offline });
  } catch (error) {
    if (!isLanesError(error)) throw error;
    return registryOnly([error.message]);
  }
  if (fetched.problem !== undefined) problems.push(fetched.problem);

  const tipOf = (side: RiskSide) =>
    'commit' in side.tip ? side.tip.commit : fetched.tips.get(side.tip.branch);
  const comparable = pairs.flatMap((pair, index) => {
    const [a, b] = [tipOf(pair.a), tipOf(pair.b)];
    return a === undefined || b === undefined || a === b ? [] : [{ index, a, b }];
  });
  let evidence: PairEvidence[];
  try {
    evidence = await branchEvidence(
      repo.git,
      comparable.map(({ a, b }) => ({ a, b })),
    );
  } catch (error) {
    if (!isLanesError(error)) throw error;
    return registryOnly([...problems, error.message], fetched.offline);
  }

  const byIndex = new Map(comparable.map(({ index }, at) => [index, evidence[at]]));
  let compared = 0;
  const risks = pairs.map((pair, index) => {
    const found = byIndex.get(index);
    if (found?.problem !== undefined) {
      problems.push(`${pair.a.entry.id} and ${pair.b.entry.id}: ${found.problem}`);
    }
    if (found === undefined || found.problem !== undefined) return assess(pair);
    compared += 1;
    return assess(pair, found);
  });
  return { risks, compared, offline: fetched.offline, problems };
}
