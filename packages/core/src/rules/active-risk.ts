import type { CoordinationState, Liveness, RegistryEntry, RiskLevel } from '../types.js';
import { activeEntries, availableEntries, lockForPrd } from './availability.js';
import { lockLiveness } from './liveness.js';
import { maxRisk } from './risk-level.js';
import { riskBetween, type PairRisk } from './risk.js';

type RiskState = Pick<CoordinationState, 'config' | 'locks' | 'registry'>;

export interface PairToAnalyse {
  a: RegistryEntry;
  b: RegistryEntry;
  /** Ids of the PRDs in the pair whose holder is stale: their work exists but nobody moves it. */
  stale: string[];
}

/**
 * The pairs `lanes conflicts` looks at: among active PRDs (held, live or stale) and
 * available ones, every pair with at least one active member. Two available PRDs
 * cannot collide until one is claimed, and that claim checks again.
 */
export function pairsToAnalyse(
  state: RiskState,
  liveness: readonly Liveness[],
  now: Date,
): PairToAnalyse[] {
  const active = activeEntries(state);
  const candidates = [...active, ...availableEntries(state)];
  const staleIds = new Set(
    active
      .filter((entry) => {
        const lock = lockForPrd(state.locks, entry.id);
        return lock !== undefined && lockLiveness(lock, liveness, state.config, now).stale;
      })
      .map((entry) => entry.id),
  );
  const pairs: PairToAnalyse[] = [];
  for (let i = 0; i < active.length; i += 1) {
    for (let j = i + 1; j < candidates.length; j += 1) {
      const a = active[i];
      const b = candidates[j];
      if (a === undefined || b === undefined) continue;
      pairs.push({ a, b, stale: [a.id, b.id].filter((id) => staleIds.has(id)) });
    }
  }
  return pairs;
}

/** Whether a precomputed pair is about these two PRDs, in either order. */
export function pairConcerns(pair: Pick<PairRisk, 'a' | 'b'>, x: string, y: string): boolean {
  return (pair.a === x && pair.b === y) || (pair.a === y && pair.b === x);
}

/**
 * The risk of one PRD against every PRD somebody else holds. `risks` are pairs
 * computed elsewhere (e.g. with branch evidence from git); a pair missing there is
 * computed from the registry (declared conflicts and paths).
 */
export function riskAgainstActive(
  state: RiskState,
  prdId: string,
  options: { risks?: readonly PairRisk[]; exceptSession?: string } = {},
): { risk: RiskLevel; pairs: PairRisk[] } {
  const entry = state.registry.prds.find((candidate) => candidate.id === prdId);
  if (entry === undefined) return { risk: 'none', pairs: [] };
  const pairs = activeEntries(state)
    .filter((other) => other.id !== prdId)
    .filter((other) => lockForPrd(state.locks, other.id)?.sessionId !== options.exceptSession)
    .map(
      (other) =>
        options.risks?.find((pair) => pairConcerns(pair, prdId, other.id)) ??
        riskBetween(entry, other, { shared: state.config.coordination.shared }),
    )
    .filter((pair) => pair.risk !== 'none');
  return { risk: maxRisk(...pairs.map((pair) => pair.risk)), pairs };
}
