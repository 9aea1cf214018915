import type { CoordinationState, Priority, RiskLevel } from '../types.js';
import { riskAgainstActive } from './active-risk.js';
import { availableEntries } from './availability.js';
import type { PairRisk } from './risk.js';

/** One row of `status.available` (CLI.md): a claimable PRD and its highest risk against active work. */
export interface AvailableView {
  id: string;
  title: string;
  priority: Priority;
  risk: RiskLevel;
  /** The active PRDs that risk is with. */
  against: string[];
}

export function availableViews(
  state: Pick<CoordinationState, 'config' | 'locks' | 'registry'>,
  risks?: readonly PairRisk[],
): AvailableView[] {
  return availableEntries(state).map((entry) => {
    const { risk, pairs } = riskAgainstActive(
      state,
      entry.id,
      risks === undefined ? {} : { risks },
    );
    return {
      id: entry.id,
      title: entry.title,
      priority: entry.priority ?? 'medium',
      risk,
      against: pairs.map((pair) => (pair.a === entry.id ? pair.b : pair.a)),
    };
  });
}
