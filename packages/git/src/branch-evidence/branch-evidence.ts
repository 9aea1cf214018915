import { isLanesError } from '@lanes/core';
import { changedFiles } from './changed-files.js';
import { mergeTreeConflicts } from './merge-tree.js';
import type { EvidenceGit, RefPair } from './port.js';
import { resolveCommits } from './resolve-commits.js';

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
 * Branch evidence for many pairs: one process to verify every revision, two diffs per
 * pair, and one merge-tree process for all pairs that can be merged.
 */
export async function branchEvidence(
  git: EvidenceGit,
  pairs: readonly RefPair[],
): Promise<PairEvidence[]> {
  const commits = await resolveCommits(
    git,
    pairs.flatMap(({ a, b }) => [a, b]),
  );
  const compared = await Promise.all(
    pairs.map(async (pair): Promise<PairEvidence> => {
      const shaA = commits.get(pair.a);
      const shaB = commits.get(pair.b);
      if (shaA === undefined) return noEvidence(pair, `'${pair.a}' is not a commit here`);
      if (shaB === undefined) return noEvidence(pair, `'${pair.b}' is not a commit here`);
      try {
        const [changedA, changedB] = await Promise.all([
          changedFiles(git, shaB, shaA),
          changedFiles(git, shaA, shaB),
        ]);
        return { ...pair, changedA, changedB, conflictFiles: [] };
      } catch (error) {
        if (!isLanesError(error)) throw error;
        return noEvidence(pair, `'${pair.a}' and '${pair.b}' share no history: ${error.message}`);
      }
    }),
  );
  const mergeable = compared.filter((evidence) => evidence.problem === undefined);
  const conflicts = await mergeTreeConflicts(
    git,
    mergeable.map(({ a, b }) => ({ a: commits.get(a) as string, b: commits.get(b) as string })),
  );
  mergeable.forEach((evidence, index) => {
    evidence.conflictFiles = conflicts[index] ?? [];
  });
  return compared;
}
