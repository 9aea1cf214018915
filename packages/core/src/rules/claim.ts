import { LanesError } from '../errors.js';
import type { Liveness, RiskLevel } from '../types.js';
import { DOCUMENT_PATHS } from '../validate/paths.js';
import { riskAgainstActive } from './active-risk.js';
import { findEntry, lockForPrd, lockForSession, unmetDependencies } from './availability.js';
import { branchForPrd, isValidBranchName } from './ids.js';
import { lockLiveness } from './liveness.js';
import {
  alreadyClaimed,
  branchInUse,
  conflictRisk,
  dependenciesUnmet,
  draftPrd,
  inconsistentState,
  notActive,
  sessionBusy,
  unknownPrd,
} from './refusals.js';
import type { PairRisk, RiskFinding } from './risk.js';
import type { TransitionState } from './state-change.js';

export interface ClaimCheckInput {
  state: TransitionState;
  /** A full PRD id (the CLI normalises a slug with `normalizePrdId` first). */
  prdId: string;
  sessionId: string;
  liveness: readonly Liveness[];
  now: Date;
  /** Overrides a high conflict risk of a PRD the user named, never a claim. */
  force?: boolean;
  /** lanes chose the PRD (none was named): `force` does not apply, a risky pick is never made. */
  picked?: boolean;
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

export type ClaimCheck =
  { ok: true; warnings: ClaimWarning[]; branch: string } | { ok: false; error: LanesError };

/**
 * Can this session claim this PRD now? Refusals in a fixed order, so the user hears
 * about the most fundamental problem first: unknown PRD, session already busy, PRD
 * not claimable (draft, completed, abandoned), held by someone, dependencies unmet,
 * a branch that git refuses or another lock uses, high conflict risk with active work
 * (only this one yields to `force`, and only for a PRD the user named). Ok means the
 * claim transaction (`applyClaim`) will not refuse on this state.
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

  const branch = branchForPrd(entry, state.prds[entry.file]);
  if (!isValidBranchName(branch)) return refuse(invalidBranch(prdId, branch));
  const sameBranch = state.locks.sessions.find((lock) => lock.branch === branch);
  if (sameBranch !== undefined) return refuse(branchInUse(prdId, branch, sameBranch));

  const { pairs } = riskAgainstActive(state, prdId, { risks: input.risks });
  const high = pairs.filter((pair) => pair.risk === 'high');
  const force = input.force === true && input.picked !== true;
  if (high.length > 0 && !force) return refuse(conflictRisk(prdId, high));
  return { ok: true, warnings: pairs.map((pair) => riskWarning(prdId, pair)), branch };
}

/**
 * The session that starts the work: a new worktree is a new session (the one named
 * with --session/LANES_SESSION, else the one recorded for that path by a start that
 * was interrupted). This worktree keeps its own while it holds a claim (a start to
 * finish, or E_SESSION_BUSY); one whose claim ended or was taken over starts afresh.
 * null: a fresh id is needed.
 */
export function startingSession(input: {
  newWorktree: boolean;
  override: string | null;
  recorded: string | null;
  pending: string | null;
  locks: TransitionState['locks'];
}): string | null {
  if (input.override !== null) return input.override;
  if (input.newWorktree) return input.pending;
  const { recorded } = input;
  return recorded !== null && lockForSession(input.locks, recorded) !== undefined ? recorded : null;
}

function invalidBranch(prdId: string, branch: string): LanesError {
  return inconsistentState(
    `${prdId}: branch '${branch}' is not a valid git branch name`,
    { file: DOCUMENT_PATHS.registry, code: 'invalid-branch' },
    {
      hint: 'fix `branchName` in docs/prd-registry.json or in the PRD file',
      details: { prdId, branch },
    },
  );
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
