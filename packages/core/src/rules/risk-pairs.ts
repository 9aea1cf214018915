import type { CoordinationState, RegistryEntry } from '../types.js';
import { activeEntries, availableEntries, lockForPrd } from './availability.js';
import { branchForPrd } from './ids.js';

// Which pairs of PRDs a command weighs, and where each one's work is: the input of
// git's `branchRisks` (fetch the tips, compare them, assess the risk).

type PairState = Pick<CoordinationState, 'locks' | 'registry' | 'prds'>;

export interface EntryPair {
  a: RegistryEntry;
  b: RegistryEntry;
}

/** One side of a pair: what the registry declares about it, and where its work is. */
export interface RiskSide {
  /** The registry's declarations; an `{ id }` alone weighs the branches only. */
  entry: Pick<RegistryEntry, 'id' | 'conflictsWith' | 'touches'>;
  /** A branch of the remote (its tip is fetched), or a commit that is here already. */
  tip: { branch: string } | { commit: string };
}

export interface SidePair {
  a: RiskSide;
  b: RiskSide;
}

/** The branch a PRD's work lives on: its lock's, else the registry's or PRD file's, else feature/<slug>. */
export function prdBranch(state: PairState, entry: RegistryEntry): string {
  return lockForPrd(state.locks, entry.id)?.branch ?? branchForPrd(entry, state.prds[entry.file]);
}

/** The pairs with each PRD on its branch. */
export function onBranches(state: PairState, pairs: readonly EntryPair[]): SidePair[] {
  const side = (entry: RegistryEntry): RiskSide => ({
    entry,
    tip: { branch: prdBranch(state, entry) },
  });
  return pairs.map(({ a, b }) => ({ a: side(a), b: side(b) }));
}

/**
 * The pairs a claim weighs: the PRD (or, without one, every available PRD) against
 * every PRD somebody holds.
 */
export function claimPairs(state: PairState, prdId?: string): EntryPair[] {
  const active = activeEntries(state);
  const candidates =
    prdId === undefined
      ? availableEntries(state)
      : state.registry.prds.filter((entry) => entry.id === prdId);
  return candidates.flatMap((candidate) =>
    active.filter((held) => held.id !== candidate.id).map((held) => ({ a: candidate, b: held })),
  );
}

/** Every pair of active PRDs (held by a session, live or stale): what `status` warns about. */
export function activePairs(state: PairState): EntryPair[] {
  const active = activeEntries(state);
  return active.flatMap((a, i) => active.slice(i + 1).map((b) => ({ a, b })));
}
