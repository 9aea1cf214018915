import type { Diagnostic } from '@lanes/core';
import type { OtherSession, SessionRisk } from './pre-push-decision.js';

// Every line the hooks show to a person (on stderr, through the CLI) or write to the log.

const MAX_LISTED = 20;

function list(paths: readonly string[]): string {
  if (paths.length <= MAX_LISTED) return paths.join(', ');
  return `${paths.slice(0, MAX_LISTED).join(', ')} and ${paths.length - MAX_LISTED} more`;
}

function problemLine(problem: Diagnostic): string {
  const where = problem.line === undefined ? '' : `:${problem.line}:${problem.column ?? 1}`;
  const pointer = problem.pointer === '' ? '' : ` ${problem.pointer}`;
  return `  ${problem.file}${where}${pointer}: ${problem.message} (${problem.code})`;
}

function who(session: OtherSession): string {
  return `${session.sessionId} (${session.prdId} on ${session.branch})`;
}

function findingLines(risk: SessionRisk): string[] {
  return risk.findings
    .filter((finding) => finding.risk !== 'none')
    .map(
      (finding) => `  ${finding.risk}: ${finding.detail ?? finding.source}: ${list(finding.paths)}`,
    );
}

export const messages = {
  note: (text: string) => `lanes: ${text}`,

  invalidDocuments: (branch: string, problems: readonly Diagnostic[]) => [
    `lanes: blocked: the lanes documents pushed to ${branch} are invalid:`,
    ...problems.map(problemLine),
    `  fix them and push again; \`lanes validate --worktree\` checks the files first`,
  ],

  lanesOwnedFiles: (branch: string, files: readonly string[]) => [
    `lanes: blocked: ${branch} changes ${list(files)}: these files change only through lanes`,
    `  undo those changes on ${branch}; lanes claim, heartbeat, release and abandon write them`,
  ],

  heldByLiveSession: (branch: string, holder: OtherSession, deleted: boolean) => [
    `lanes: blocked: ${deleted ? 'deleting' : 'pushing to'} ${branch}, which session ${holder.sessionId} holds for ${holder.prdId} (last seen ${holder.lastSeen})`,
    `  push your work to a branch of your own; \`lanes status\` shows who works where`,
  ],

  heldByStaleSession: (branch: string, holder: OtherSession, deleted: boolean) => [
    `lanes: warning: ${deleted ? 'deleting' : 'pushing to'} ${branch}, claimed by stale session ${holder.sessionId} for ${holder.prdId} (last seen ${holder.lastSeen})`,
    `  \`lanes resume ${holder.prdId}\` takes the claim over`,
  ],

  riskWarning: (branch: string, risk: SessionRisk) => [
    `lanes: warning: ${risk.risk} conflict risk between ${branch} and ${who(risk.session)}:`,
    ...findingLines(risk),
  ],

  highRiskBlocked: (branch: string, risk: SessionRisk) => [
    `lanes: blocked: ${branch} conflicts with the work of session ${who(risk.session)}:`,
    ...findingLines(risk),
    // The bypass comes last: an agent needs no push to land (release pushes by itself).
    `  keep committing: \`lanes release\` lands your branch through the merge queue, which`,
    `  rebases it onto whoever lands first; agree with them on who changes these files first;`,
    `  only a person who means it pushes anyway with LANES_ALLOW_CONFLICT=1`,
  ],

  staleConflict: (branch: string, risk: SessionRisk) => [
    `lanes: warning: ${branch} conflicts with the work of stale session ${who(risk.session)} (last seen ${risk.session.lastSeen}):`,
    ...findingLines(risk),
    `  not blocked: nobody moves that work now; \`lanes resume ${risk.session.prdId}\` takes it over, or one of you merges first`,
  ],

  highRiskAllowed: (branch: string, risk: SessionRisk) => [
    `lanes: LANES_ALLOW_CONFLICT=1: pushing ${branch} despite a high conflict risk with ${who(risk.session)}:`,
    ...findingLines(risk),
  ],

  rewriteBlocked: (ref: string, what: 'delete' | 'non-fast-forward' | 'heartbeat') => [
    `lanes: ${rewriteWhat(ref, what)}`,
    '  every lock, completion and heartbeat since would be lost for every session',
    '  (pull the coordination branch and push again; LANES_ALLOW_REWRITE=1 if you really mean it)',
  ],
  rewriteAllowed: (ref: string, what: 'delete' | 'non-fast-forward' | 'heartbeat') => [
    `lanes: warning: ${rewriteWhat(ref, what)}; LANES_ALLOW_REWRITE=1 lets it through`,
  ],
  reservedName: (branch: string, reason: string) => [
    `lanes: refusing to create the branch ${branch}: ${reason}`,
    '  pushed, it would make every lanes transaction of every session fail; push it under another name',
  ],

  blockedFooter: 'lanes: push blocked; nothing was sent',
  warnModeFooter: 'lanes: coordination.prePush is "warn", so the push goes ahead anyway',

  offlineState: (reason: string) =>
    `cannot reach the remote (${reason}); checked against the last fetched state`,
  branchesNotCompared: (problem: string) =>
    `the other sessions' branches, not all compared: ${problem}`,
  noCoordinationTip: (branch: string) =>
    `no copy of the coordination branch here, so ${branch} was not checked for lanes-owned files`,
  configUnreadable: (detail: string) =>
    `cannot read the lanes configuration (${detail}); push not checked`,
  checkFailed: (detail: string) => `the pre-push check failed (${detail}); push not checked`,

  // Log lines (lanes/hooks.log under the git directory).
  logPing: (hook: string, reason: string, story?: string) =>
    `${hook}: ping (${reason})${story === undefined ? '' : ` story ${story}`}`,
  logFailure: (hook: string, detail: string) => `${hook}: failed: ${detail}`,
  logMissingBin: (hook: string, bin: string) =>
    `${hook}: lanes executable not found at ${bin}; run \`lanes hooks install\` again`,
};

function rewriteWhat(ref: string, what: 'delete' | 'non-fast-forward' | 'heartbeat'): string {
  if (what === 'delete') return `this push deletes the coordination branch (${ref})`;
  if (what === 'heartbeat') return `this push deletes another session's heartbeat ref (${ref})`;
  return `this push rewinds the coordination branch (${ref}): the remote's tip is not in what you push`;
}
