import { mergeBases } from './merge-bases.js';
import { mergeTreeConflicts } from './merge-tree.js';
import type { EvidenceGit, RefPair } from './port.js';
import { resolveCommits } from './resolve-commits.js';
import { treeDiffs } from './tree-diffs.js';

/**
 * What git says about one pair (core's `BranchEvidence`, plus the pair): the files
 * each side changed since their merge base and the files a merge would conflict on.
 * `problem` explains a pair git could not compare; its lists are then empty.
 */
export interface PairEvidence extends RefPair {
  changedA: string[];
  changedB: string[];
  conflictFiles: string[];
  problem?: string;
}

function noEvidence(pair: RefPair, problem: string): PairEvidence {
  return { ...pair, changedA: [], changedB: [], conflictFiles: [], problem };
}

/**
 * Branch evidence for many pairs in four git processes, however many pairs: one to
 * verify every revision, one for every merge base, one for every changed-file list
 * (identical lists asked once: a branch compared with many others is diffed once per
 * merge base), and one merge-tree for all pairs that share history.
 */
export async function branchEvidence(
  git: EvidenceGit,
  pairs: readonly RefPair[],
): Promise<PairEvidence[]> {
  const commits = await resolveCommits(
    git,
    pairs.flatMap(({ a, b }) => [a, b]),
  );
  const known = pairs.flatMap((pair) => {
    const [a, b] = [commits.get(pair.a), commits.get(pair.b)];
    return a === undefined || b === undefined ? [] : [{ pair, a, b }];
  });
  const bases = await mergeBases(git, known);
  const mergeable = known.flatMap((entry, index) => {
    const base = bases[index];
    return base === undefined ? [] : [{ ...entry, base }];
  });
  const changed = await treeDiffs(
    git,
    mergeable.flatMap(({ base, a, b }) => [
      { base, tip: a },
      { base, tip: b },
    ]),
  );
  const conflicts = await mergeTreeConflicts(git, mergeable);
  const found = new Map(
    mergeable.map(({ pair }, index) => [
      pair,
      {
        changedA: changed[2 * index] ?? [],
        changedB: changed[2 * index + 1] ?? [],
        conflictFiles: conflicts[index] ?? [],
      },
    ]),
  );
  return pairs.map((pair) => {
    const evidence = found.get(pair);
    if (evidence !== undefined) return { ...pair, ...evidence };
    if (commits.get(pair.a) === undefined)
      return noEvidence(pair, `'${pair.a}' is not a commit here`);
    if (commits.get(pair.b) === undefined)
      return noEvidence(pair, `'${pair.b}' is not a commit here`);
    return noEvidence(pair, `'${pair.a}' and '${pair.b}' share no history`);
  });
}
