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
  const resolved = pairs.map((pair) => ({
    pair,
    shaA: commits.get(pair.a),
    shaB: commits.get(pair.b),
  }));
  const known = resolved.filter(
    (entry): entry is { pair: RefPair; shaA: string; shaB: string } =>
      entry.shaA !== undefined && entry.shaB !== undefined,
  );
  const bases = await mergeBases(
    git,
    known.map(({ shaA, shaB }) => ({ a: shaA, b: shaB })),
  );
  const baseOf = new Map(known.map((entry, index) => [entry, bases[index]]));
  const mergeable = known.filter((entry) => baseOf.get(entry) !== undefined);
  const changed = await treeDiffs(
    git,
    mergeable.flatMap((entry) => {
      const base = baseOf.get(entry) as string;
      return [
        { base, tip: entry.shaA },
        { base, tip: entry.shaB },
      ];
    }),
  );
  const conflicts = await mergeTreeConflicts(
    git,
    mergeable.map(({ shaA, shaB }) => ({ a: shaA, b: shaB })),
  );
  const found = new Map(
    mergeable.map((entry, index) => [
      entry,
      {
        changedA: changed[2 * index] ?? [],
        changedB: changed[2 * index + 1] ?? [],
        conflictFiles: conflicts[index] ?? [],
      },
    ]),
  );
  return resolved.map((entry) => {
    const { pair } = entry;
    if (entry.shaA === undefined) return noEvidence(pair, `'${pair.a}' is not a commit here`);
    if (entry.shaB === undefined) return noEvidence(pair, `'${pair.b}' is not a commit here`);
    const evidence = found.get(entry as { pair: RefPair; shaA: string; shaB: string });
    if (evidence === undefined) {
      return noEvidence(pair, `'${pair.a}' and '${pair.b}' share no history`);
    }
    return { ...pair, ...evidence };
  });
}
