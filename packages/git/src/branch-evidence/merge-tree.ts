import { LanesError } from '@lanes/core';
import { gitFailure } from '../runner.js';
import type { EvidenceGit, RefPair } from './port.js';

/**
 * Reads `git merge-tree --write-tree --name-only --no-messages -z --stdin` output:
 * per merge `<status>\0<tree>\0` then the conflicted paths, each `\0`-terminated, then
 * one empty field. With --stdin the status is inverted (1 clean, 0 conflicted).
 * Returns the conflicted paths of each merge, in input order.
 */
export function parseMergeTreeBatch(output: string, expected: number): string[][] {
  const fields = output.split('\0');
  const results: string[][] = [];
  let at = 0;
  while (results.length < expected) {
    const status = fields[at];
    const tree = fields[at + 1];
    if (
      (status !== '0' && status !== '1') ||
      tree === undefined ||
      !/^[0-9a-f]{40,64}$/.test(tree)
    ) {
      throw new LanesError(
        'E_GIT',
        `git merge-tree answered ${results.length} of ${expected} merges`,
        {
          details: { output },
        },
      );
    }
    at += 2;
    const paths: string[] = [];
    while (at < fields.length && fields[at] !== '') paths.push(fields[at++] as string);
    at += 1;
    const conflicted = status === '0';
    results.push(conflicted ? [...new Set(paths)].sort() : []);
  }
  return results;
}

/**
 * The files each pair of commit ids would conflict on if merged, checked for all pairs
 * in one merge-tree process. Each pair must share history: merge-tree aborts the whole
 * batch otherwise (branchEvidence checks that first).
 */
export async function mergeTreeConflicts(
  git: EvidenceGit,
  pairs: readonly RefPair[],
): Promise<string[][]> {
  if (pairs.length === 0) return [];
  const args = ['merge-tree', '--write-tree', '--name-only', '--no-messages', '-z', '--stdin'];
  const input = pairs.map(({ a, b }) => `${a} ${b}\n`).join('');
  const result = await git.run(args, { input });
  if (result.exitCode !== 0) throw gitFailure(args, result);
  return parseMergeTreeBatch(result.stdout, pairs.length);
}
