import { isLanesOwnedPath, type LandingPlan } from '@lanes/core';
import { changedPaths, commitTree, mergedTree, replayOnto, type Git } from '@lanes/git';

// With main coordinating, every lanes transaction (a claim, another session's progress,
// a heartbeat) moves main. A landing that had to rebase and start again for each of
// them starves while others record progress; these moves leave the tested code as it
// is, so the landing is rebuilt on the newer tip instead, inside the landing's own
// transaction.

/** A landing commit as built for one tip of main. */
export interface BuiltLanding {
  sha: string;
  /** What it was built on: the tip of main, or the previous landing of the chain. */
  base: string;
  plan: LandingPlan;
}

/** A path that only lanes writes or reads as state: the code under test is elsewhere. */
export function isCoordinationDocument(path: string): boolean {
  return isLanesOwnedPath(path) || path.startsWith('docs/prds/') || path.startsWith('docs/drafts/');
}

/** Whether main moved from `from` to `to` only in the lanes documents. */
export async function onlyDocumentsMoved(git: Git, from: string, to: string): Promise<boolean> {
  return (await changedPaths(git, from, to)).every(isCoordinationDocument);
}

/**
 * The landing rebuilt on `newMain`: same code, same message, main's newer documents.
 * Strategy rebase lands the branch's own commits: they are copied onto the newer tip.
 * null when that would not be exactly what was tested on main's code: main's code
 * changed, or the branch changed a document main changed too. The caller then rebases
 * (and tests, if the code changed) in a new round.
 */
async function landingOnNewerMain(
  git: Git,
  landing: BuiltLanding,
  newMain: string,
): Promise<string | null> {
  const { plan } = landing;
  const moved = await changedPaths(git, landing.base, newMain);
  if (!moved.every(isCoordinationDocument)) return null;
  if (plan.kind === 'main') return newMain;
  const ours = new Set(await changedPaths(git, landing.base, landing.sha));
  if (moved.some((path) => ours.has(path))) return null;
  if (plan.kind === 'tip') return replayOnto(git, landing.base, landing.sha, newMain);
  const tree = await mergedTree(git, newMain, landing.sha);
  if (tree === null) return null;
  return commitTree(git, {
    tree,
    parents: [newMain, ...plan.parents.slice(1)],
    message: plan.message,
  });
}

/**
 * A chain of landings (each built on the previous one) rebuilt on `newMain`, link by
 * link; null as soon as one link would not be what was tested.
 */
export async function chainOnNewerMain<T extends BuiltLanding>(
  git: Git,
  chain: readonly T[],
  newMain: string,
): Promise<T[] | null> {
  const rebuilt: T[] = [];
  let base = newMain;
  for (const link of chain) {
    const sha = await landingOnNewerMain(git, link, base);
    if (sha === null) return null;
    rebuilt.push({ ...link, sha, base });
    base = sha;
  }
  return rebuilt;
}
