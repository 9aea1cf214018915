import { LanesError } from '@lanes/core';
import { gitFailure } from '../runner.js';
import type { EvidenceGit } from './port.js';

export interface TreeDiff {
  /** The commit the changes are counted from (a merge base). */
  base: string;
  /** The commit whose changes are listed. */
  tip: string;
}

/**
 * Reads `git diff-tree --always -z --name-only --stdin` for `<tip> <base>` lines: each
 * answer is the tip's id, then its changed paths, every field NUL-terminated.
 */
export function parseTreeDiffs(output: string, tips: readonly string[]): string[][] {
  const fields = output.split('\0');
  const results: string[][] = [];
  let at = 0;
  for (const [index, tip] of tips.entries()) {
    if (fields[at] !== tip) {
      throw new LanesError('E_GIT', `git diff-tree answered ${index} of ${tips.length} diffs`, {
        details: { output },
      });
    }
    at += 1;
    const next = tips[index + 1];
    const paths: string[] = [];
    while (at < fields.length && fields[at] !== '' && fields[at] !== next) {
      paths.push(fields[at] as string);
      at += 1;
    }
    results.push([...new Set(paths)].sort());
  }
  return results;
}

/**
 * The files each tip changed since its base, both commit ids (as `git diff --name-only
 * --no-renames base tip`: a rename counts as both paths), all in one diff-tree process;
 * identical requests are asked once.
 */
export async function treeDiffs(git: EvidenceGit, diffs: readonly TreeDiff[]): Promise<string[][]> {
  const keys = [...new Set(diffs.map(({ base, tip }) => `${tip} ${base}`))];
  if (keys.length === 0) return [];
  const args = ['diff-tree', '-r', '--name-only', '--no-renames', '--always', '-z', '--stdin'];
  const result = await git.run(args, { input: keys.map((key) => `${key}\n`).join('') });
  if (result.exitCode !== 0) throw gitFailure(args, result);
  const answers = parseTreeDiffs(
    result.stdout,
    keys.map((key) => key.slice(0, key.indexOf(' '))),
  );
  const byKey = new Map(keys.map((key, index) => [key, answers[index] ?? []]));
  return diffs.map(({ base, tip }) => [...(byKey.get(`${tip} ${base}`) ?? [])]);
}
