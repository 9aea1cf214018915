import { mergeBases } from './merge-bases.js';
import type { EvidenceGit } from './port.js';
import { treeDiffs } from './tree-diffs.js';

/**
 * The files each tip changed since it forked from `base` (`git diff base...tip`), for
 * many tips in two git processes (merge bases, then one diff-tree). Both are commit ids;
 * a tip that shares no history with `base` gets no entry.
 */
export async function filesChangedSince(
  git: EvidenceGit,
  base: string,
  tips: readonly string[],
): Promise<Map<string, string[]>> {
  const unique = [...new Set(tips)];
  const bases = await mergeBases(
    git,
    unique.map((tip) => ({ a: base, b: tip })),
  );
  const known = unique.flatMap((tip, index) => {
    const forkedAt = bases[index];
    return forkedAt === undefined ? [] : [{ tip, base: forkedAt }];
  });
  const changed = await treeDiffs(git, known);
  return new Map(known.map(({ tip }, index) => [tip, changed[index] ?? []]));
}
