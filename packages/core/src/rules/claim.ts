import type { LanesError } from '../errors.js';
import type { CoordinationState, Liveness, RiskLevel } from '../types.js';
import { DOCUMENT_PATHS } from '../validate/paths.js';
import { riskAgainstActive } from './active-risk.js';
import { findEntry, lockForPrd, lockForSession, unmetDependencies } from './availability.js';
import { lockLiveness } from './liveness.js';
import {
  alreadyClaimed,
  conflictRisk,
  dependenciesUnmet,
  draftPrd,
  inconsistentState,
  notActive,
  sessionBusy,
  unknownPrd,
} from './refusals.js';
import type { PairRisk, RiskFinding } from './risk.js';

export interface ClaimCheckInput {
  state: Pick<CoordinationState, 'config' | 'locks' | 'registry'>;
  /** A full PRD id (the CLI normalises a slug with `normalizePrdId` first). */
  prdId: string;
  sessionId: string;
  liveness: readonly Liveness[];
  now: Date;
  /** Overrides a high conflict risk, never a claim. */
  force?: boolean;
  /** Pairs computed elsewhere (with git evidence); missing pairs come from the registry. */
  risks?: readonly PairRisk[];
}

export interface ClaimWarning {
  /** The active PRD the risk is with. */
  prdId: string;
  risk: RiskLevel;
  message: string;
  /** The files (or globs) both PRDs touch, over all findings: what to watch while working. */
  files: string[];
  findings: RiskFinding[];
}

export type ClaimCheck = { ok: true; warnings: ClaimWarning[] } | { ok: false; error: LanesError };

/**
 * Can this session claim this PRD now? Refusals in a fixed order, so the user hears
 * about the most fundamental problem first: unknown PRD, session already busy, PRD
 * not claimable (draft, completed, abandoned), held by someone, dependencies unmet,
 * high conflict risk with active work (only this one yields to `force`).
 */
export function checkClaim(input: ClaimCheckInput): ClaimCheck {
  const { state, prdId, sessionId } = input;
  const refuse = (error: LanesError): ClaimCheck => ({ ok: false, error });

  const entry = findEntry(state.registry, prdId);
  const archived = notActive(state.registry, prdId);
  if (entry === undefined && archived === undefined)
    return refuse(unknownPrd(state.registry, prdId));

  const own = lockForSession(state.locks, sessionId);
  if (own !== undefined) return refuse(sessionBusy(own));

  if (archived !== undefined) return refuse(archived);
  if (entry === undefined) return refuse(unknownPrd(state.registry, prdId));
  if (entry.status === 'draft') return refuse(draftPrd(prdId));

  const holder = lockForPrd(state.locks, prdId);
  if (holder !== undefined) {
    return refuse(
      alreadyClaimed(holder, lockLiveness(holder, input.liveness, state.config, input.now)),
    );
  }
  if (entry.status !== 'ready') {
    return refuse(
      inconsistentState(
        `${prdId} is ${entry.status} in docs/prd-registry.json but no session holds it`,
        { file: DOCUMENT_PATHS.registry, code: 'in-progress-without-lock' },
      ),
    );
  }

  const missing = unmetDependencies(state.registry, entry);
  if (missing.length > 0) return refuse(dependenciesUnmet(prdId, missing));

  const { pairs } = riskAgainstActive(state, prdId, { risks: input.risks });
  const high = pairs.filter((pair) => pair.risk === 'high');
  if (high.length > 0 && input.force !== true) return refuse(conflictRisk(prdId, high));
  return { ok: true, warnings: pairs.map((pair) => riskWarning(prdId, pair)) };
}

function riskWarning(prdId: string, pair: PairRisk): ClaimWarning {
  const other = pair.a === prdId ? pair.b : pair.a;
  const sources = [...new Set(pair.findings.map((finding) => finding.source))].join(', ');
  const overridden = pair.risk === 'high' ? ' (overridden by --force)' : '';
  const files = overlappingFiles(pair.findings);
  return {
    prdId: other,
    risk: pair.risk,
    message: `${pair.risk} conflict risk with ${other} (${sources})${files.length > 0 ? `: ${files.join(', ')}` : ''}${overridden}`,
    files,
    findings: pair.findings,
  };
}

function overlappingFiles(findings: RiskFinding[]): string[] {
  return [...new Set(findings.flatMap((finding) => finding.paths))].sort();
}
