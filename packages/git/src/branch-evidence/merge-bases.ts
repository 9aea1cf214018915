import { LanesError } from '@lanes/core';
import { gitFailure } from '../runner.js';
import type { EvidenceGit, RefPair } from './port.js';

/**
 * Reads `git rev-parse A...B C...D …`: per symmetric difference its two tips, then
 * `^<base>` for each merge base (none when the two share no history). Returns the first
 * merge base of each, as `git diff A...B` uses it.
 */
export function parseSymmetricDifferences(
  output: string,
  expected: number,
): (string | undefined)[] {
  const lines = output.split('\n').filter((line) => line !== '');
  const bases: (string | undefined)[] = [];
  let at = 0;
  while (bases.length < expected) {
    const [first, second] = [lines[at], lines[at + 1]];
    if (
      first === undefined ||
      second === undefined ||
      first.startsWith('^') ||
      second.startsWith('^')
    ) {
      throw new LanesError(
        'E_GIT',
        `git rev-parse answered ${bases.length} of ${expected} merge bases`,
        {
          details: { output },
        },
      );
    }
    at += 2;
    let base: string | undefined;
    while (lines[at]?.startsWith('^')) {
      base ??= (lines[at] as string).slice(1);
      at += 1;
    }
    bases.push(base);
  }
  return bases;
}

/** The merge base of each pair of commits (undefined: no common history), in one process. */
export async function mergeBases(
  git: EvidenceGit,
  pairs: readonly RefPair[],
): Promise<(string | undefined)[]> {
  if (pairs.length === 0) return [];
  const args = ['rev-parse', ...pairs.map(({ a, b }) => `${a}...${b}`)];
  const result = await git.run(args);
  if (result.exitCode !== 0) throw gitFailure(args, result);
  return parseSymmetricDifferences(result.stdout, pairs.length);
}
