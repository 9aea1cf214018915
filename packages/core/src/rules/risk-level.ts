import type { RiskLevel } from '../types.js';

const RANK: Record<RiskLevel, number> = { none: 0, low: 1, medium: 2, high: 3 };

/** Negative when `a` is lower than `b`: sorts from no risk to high risk. */
export function compareRisk(a: RiskLevel, b: RiskLevel): number {
  return RANK[a] - RANK[b];
}

export function maxRisk(...levels: RiskLevel[]): RiskLevel {
  return levels.reduce<RiskLevel>(
    (max, level) => (compareRisk(level, max) > 0 ? level : max),
    'none',
  );
}
