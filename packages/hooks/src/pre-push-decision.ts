import type { Diagnostic, PrePushMode, RiskLevel } from '@lanes/core';
import { messages } from './messages.js';

// The pre-push decision over facts the hook gathered (CLI.md "Hooks"). Every rule
// contributes findings; the mode and LANES_ALLOW_CONFLICT turn them into the verdict.

/** Another session as the pushing one sees it. */
export interface OtherSession {
  sessionId: string;
  prdId: string;
  branch: string;
  stale: boolean;
  lastSeen: string;
}

export interface SessionRisk {
  session: OtherSession;
  risk: RiskLevel;
  findings: { source: string; risk: RiskLevel; paths: readonly string[]; detail?: string }[];
}

export type PushedRefFacts =
  | { kind: 'coordination'; branch: string; problems: readonly Diagnostic[] }
  /**
   * A push that would throw shared state away: the coordination branch deleted or moved
   * to a commit that does not contain its tip (a stale `main` force-pushed, `push
   * --mirror` from an old clone), or another session's heartbeat ref deleted.
   */
  | { kind: 'rewrite'; ref: string; what: 'delete' | 'non-fast-forward' | 'heartbeat' }
  /** A new branch whose name is, or shadows, a branch lanes needs (or starts with refs/). */
  | { kind: 'reserved-name'; branch: string; reason: string }
  | {
      kind: 'branch';
      branch: string;
      deleted: boolean;
      /** Lanes-owned files the branch changes (always empty for a deletion). */
      lanesOwnedFiles: readonly string[];
      /** The lock naming this branch when it is another session's. */
      heldBy?: OtherSession;
      /** Risk against each other session's branch (stale ones too); only for the session's own branch. */
      risks: readonly SessionRisk[];
    };

export interface PrePushFacts {
  mode: Exclude<PrePushMode, 'off'>;
  /** LANES_ALLOW_CONFLICT=1 */
  allowConflict: boolean;
  /** LANES_ALLOW_REWRITE=1: a person who means to rewind or delete shared state. */
  allowRewrite?: boolean;
  refs: readonly PushedRefFacts[];
  /** Things the user should know whatever the verdict (offline, a check that could not run). */
  notes: readonly string[];
}

export interface PrePushDecision {
  action: 'allow' | 'warn' | 'block';
  messages: string[];
}

interface Finding {
  blocks: boolean;
  lines: string[];
}

function findingsFor(
  ref: PushedRefFacts,
  allowConflict: boolean,
  allowRewrite: boolean,
): Finding[] {
  if (ref.kind === 'rewrite') {
    return [
      allowRewrite
        ? { blocks: false, lines: messages.rewriteAllowed(ref.ref, ref.what) }
        : { blocks: true, lines: messages.rewriteBlocked(ref.ref, ref.what) },
    ];
  }
  if (ref.kind === 'reserved-name') {
    return [{ blocks: true, lines: messages.reservedName(ref.branch, ref.reason) }];
  }
  if (ref.kind === 'coordination') {
    if (ref.problems.length === 0) return [];
    return [{ blocks: true, lines: messages.invalidDocuments(ref.branch, ref.problems) }];
  }
  const findings: Finding[] = [];
  if (ref.lanesOwnedFiles.length > 0) {
    findings.push({
      blocks: true,
      lines: messages.lanesOwnedFiles(ref.branch, ref.lanesOwnedFiles),
    });
  }
  if (ref.heldBy !== undefined) {
    findings.push(
      ref.heldBy.stale
        ? { blocks: false, lines: messages.heldByStaleSession(ref.branch, ref.heldBy, ref.deleted) }
        : { blocks: true, lines: messages.heldByLiveSession(ref.branch, ref.heldBy, ref.deleted) },
    );
  }
  for (const risk of ref.risks) {
    if (risk.risk === 'none') continue;
    if (risk.risk !== 'high') {
      findings.push({ blocks: false, lines: messages.riskWarning(ref.branch, risk) });
    } else if (risk.session.stale) {
      findings.push({ blocks: false, lines: messages.staleConflict(ref.branch, risk) });
    } else if (allowConflict) {
      findings.push({ blocks: false, lines: messages.highRiskAllowed(ref.branch, risk) });
    } else {
      findings.push({ blocks: true, lines: messages.highRiskBlocked(ref.branch, risk) });
    }
  }
  return findings;
}

export function decidePrePush(facts: PrePushFacts): PrePushDecision {
  const findings = facts.refs.flatMap((ref) =>
    findingsFor(ref, facts.allowConflict, facts.allowRewrite === true),
  );
  const blocking = findings.some((finding) => finding.blocks);
  const lines = [
    ...facts.notes.map(messages.note),
    ...findings.flatMap((finding) => finding.lines),
  ];
  if (blocking && facts.mode === 'block')
    return { action: 'block', messages: [...lines, messages.blockedFooter] };
  if (blocking) return { action: 'warn', messages: [...lines, messages.warnModeFooter] };
  return { action: lines.length > 0 ? 'warn' : 'allow', messages: lines };
}
