import { LanesError } from '../errors.js';
import type { Liveness, Priority, RiskLevel } from '../types.js';
import { riskAgainstActive } from './active-risk.js';
import { availableEntries, lockForPrd, lockForSession, waitingEntries } from './availability.js';
import { checkClaim, type ClaimWarning } from './claim.js';
import { sessionBusy } from './refusals.js';
import { compareRisk } from './risk-level.js';
import type { PairRisk } from './risk.js';
import type { TransitionState } from './state-change.js';

const PRIORITY_RANK: Record<Priority, number> = { critical: 0, high: 1, medium: 2, low: 3 };

export interface ChooseInput {
  state: TransitionState;
  sessionId: string;
  liveness: readonly Liveness[];
  now: Date;
  risks?: readonly PairRisk[];
}

export type ChooseResult =
  | { ok: true; prdId: string; risk: RiskLevel; warnings: ClaimWarning[] }
  | { ok: false; error: LanesError };

/**
 * The PRD `lanes claim` takes when none is named: among the available ones (ready,
 * unclaimed, dependencies completed) the lowest risk against active work, then the
 * highest priority, then registry order. A PRD whose risk is high is never chosen
 * for the user: claiming it takes its name and `--force`.
 */
export function chooseBestPrd(input: ChooseInput): ChooseResult {
  const { state, sessionId } = input;
  const own = lockForSession(state.locks, sessionId);
  if (own !== undefined) return { ok: false, error: sessionBusy(own) };

  const ranked = availableEntries(state)
    .map((entry, order) => ({
      entry,
      order,
      risk: riskAgainstActive(state, entry.id, { risks: input.risks }).risk,
    }))
    .sort(
      (x, y) =>
        compareRisk(x.risk, y.risk) ||
        PRIORITY_RANK[x.entry.priority ?? 'medium'] - PRIORITY_RANK[y.entry.priority ?? 'medium'] ||
        x.order - y.order,
    );
  const best = ranked[0];
  if (best === undefined || best.risk === 'high') {
    return {
      ok: false,
      error: nothingAvailable(
        state,
        ranked.map((r) => r.entry.id),
      ),
    };
  }
  const check = checkClaim({ ...input, prdId: best.entry.id, picked: true });
  if (!check.ok) return check;
  return { ok: true, prdId: best.entry.id, risk: best.risk, warnings: check.warnings };
}

function nothingAvailable(state: ChooseInput['state'], highRisk: string[]): LanesError {
  const reasons: string[] = [];
  const claimed = state.registry.prds.filter((entry) => lockForPrd(state.locks, entry.id));
  const waiting = waitingEntries(state);
  const drafts = state.registry.prds.filter((entry) => entry.status === 'draft');
  if (highRisk.length > 0) {
    reasons.push(
      `${highRisk.join(', ')} ${highRisk.length === 1 ? 'has' : 'have'} high conflict risk with active work (claim by name with --force to override)`,
    );
  }
  if (waiting.length > 0) {
    reasons.push(
      `waiting on dependencies: ${waiting.map((w) => `${w.id} (needs ${w.unmetDependencies.join(', ')})`).join('; ')}`,
    );
  }
  if (claimed.length > 0) {
    const all = reasons.length === 0 && drafts.length === 0 ? 'all PRDs are claimed' : 'claimed';
    reasons.push(`${all}: ${claimed.map((entry) => entry.id).join(', ')}`);
  }
  if (drafts.length > 0) {
    reasons.push(
      `drafts, not claimable yet: ${drafts.map((d) => d.id).join(', ')} (\`lanes prd ready <prd>\` promotes one)`,
    );
  }
  if (state.registry.prds.length === 0) {
    reasons.push(
      'the registry has no open PRDs, so `available` is empty: every PRD is completed or none is registered yet; stop, or ask a person for new work',
    );
  }
  return new LanesError('E_NOTHING_AVAILABLE', 'no PRD is available to claim', {
    hint: reasons.join('; '),
    details: {
      // Nothing is claimable, but the field is always there so agents read one shape.
      available: [],
      claimed: claimed.map((entry) => entry.id),
      waiting,
      drafts: drafts.map((entry) => entry.id),
      highRisk,
    },
  });
}
