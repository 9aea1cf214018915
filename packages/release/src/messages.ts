// Every user-facing string of `lanes release`, in one place.

import { REBASE_CONFLICT_STEPS } from '@lanes/git';

const short = (sha: string) => sha.slice(0, 12);
const list = (items: readonly string[], max = 5) =>
  items.slice(0, max).join(', ') + (items.length > max ? `, … (${items.length} in all)` : '');

export const releaseMessages = {
  badStrategy: (value: string) =>
    `--strategy: '${value}' is not a merge strategy (merge, squash or rebase)`,
  strategyHint: 'the default comes from agents.mergeQueue.strategy in project.json',

  offline: 'release lands work on the remote: it cannot run with --offline',
  offlineHint: 'run it again without --offline when the remote is reachable',
  noSession: 'this worktree has no lanes session',
  noSessionHint: '`lanes claim` claims a PRD for this worktree; `--session <id>` acts as another',
  notOwner: (prdId: string, branch: string, holder: string, sessionId: string) =>
    `${branch} is ${prdId}'s branch, held by ${holder}, not by ${sessionId}`,
  notOwnerHint: (prdId: string) =>
    `only the session holding ${prdId} releases it; \`lanes status\` shows who that is`,
  takenOver: (prdId: string, holder: string, sessionId: string) =>
    `${prdId} was taken over by ${holder} while this release ran: ${sessionId} no longer holds it; stop`,
  takenOverHint: (prdId: string, branch: string) =>
    `your commits stay on ${branch}. Stop working on ${prdId} (\`lanes status\` shows its holder) and \`lanes claim\` something else`,
  dirty: (files: readonly string[]) => `uncommitted changes: ${list(files)}`,
  dirtyHint: 'commit them (the release lands what is committed) or stash them, then run it again',
  branchMissing: (branch: string, remote: string) =>
    `the branch ${branch} exists neither here nor on ${remote}`,
  branchMissingHint: 'commit your work on the claimed branch before releasing it',
  nothingToLand: (branch: string, main: string) =>
    `${branch} has no commits that are not on ${main} yet, and no story of it is recorded completed: there is nothing to release`,
  nothingToLandHint: (prdId: string) =>
    `commit your work and run it again; if the PRD needs no change after all, \`lanes abandon ${prdId} --reason "…"\``,
  mainMissing: (remote: string, main: string) => `${remote} has no branch ${main} to land on`,

  anotherRelease: (sessionId: string) =>
    `another \`lanes release\` of ${sessionId} is running: waiting for it, then reporting its outcome`,
  anotherReleaseTooLong: (sessionId: string) =>
    `another \`lanes release\` of ${sessionId} is still running; gave up waiting for it`,
  anotherReleaseHint: '`lanes status` shows where that release is; run `lanes release` again later',
  reportingFirst: 'the other release has ended; its outcome follows',
  published: (branch: string, remote: string) => `pushed ${branch} to ${remote}`,
  queued: (prdId: string, position: number) =>
    `${prdId} is queued for release at position ${position}`,
  queuedHint: 'run `lanes release` again to wait for its turn and land it',
  waiting: (position: number, holder: string, prdId: string, status: string) =>
    `waiting in the merge queue at position ${position}: ${prdId} (${holder}) is ${status === 'merging' ? 'merging' : 'ahead'}`,
  blockedStale: (prdIds: readonly string[]) =>
    `set back to blocked (its session stopped responding while merging): ${prdIds.join(', ')}`,
  tookSlot: (prdId: string) => `${prdId} has the merge slot`,
  pingFailed: (error: unknown) =>
    `note: heartbeat failed (retrying): ${error instanceof Error ? error.message : String(error)}`,
  waitExhausted: (prdId: string, minutes: number, position: number) =>
    `gave up waiting for the merge slot after ${minutes} minutes; ${prdId} is still queued at position ${position}`,
  waitExhaustedHint: 'run `lanes release` again to keep waiting; `lanes status` shows the queue',

  rebasing: (branch: string, main: string, onto: string) =>
    `${branch} onto ${main} (${short(onto)}) in a temporary worktree`,
  conflict: (prdId: string, main: string, files: readonly string[]) =>
    `${prdId} does not rebase cleanly onto ${main}: conflicts in ${list(files)}`,
  conflictReason: (main: string, files: readonly string[]) =>
    `rebase onto ${main} conflicts in ${list(files, 10)}`,
  /** What recovers from a conflict: sync stops on it, then the sync steps, then release. */
  conflictSteps: ['lanes sync', ...REBASE_CONFLICT_STEPS, 'lanes release'],
  conflictHint: (main: string) =>
    `\`lanes sync\` rebases the branch onto ${main} here and stops on the conflicts; resolve, git add, GIT_EDITOR=true git rebase --continue, \`lanes sync\` again, then \`lanes release\``,
  fixCommitted: (sha: string) => `committed the quality fix as ${short(sha)}`,
  fixMessage: (prdId: string, command: string, attempt: number) =>
    `fix(${prdId}): quality fix after check ${attempt}\n\nlanes release ran: ${command}\n`,
  checkFailed: (prdId: string, checks: number, command: string) =>
    `the quality check of ${prdId} still fails after ${checks} attempt${checks === 1 ? '' : 's'}: ${command}`,
  checkFailedReason: (checks: number, command: string) =>
    `quality check failed after ${checks} attempt${checks === 1 ? '' : 's'}: ${command}`,
  checkFailedHint: (log: string) =>
    `fix it on the branch (its output ends above, in \`error.output\` with --json; all of it in ${log}), commit, then \`lanes release\` again: it retries the blocked lock, no sync or unblock needed`,
  flaky: (command: string) =>
    `the quality check failed once and passed on the same tree (flaky): ${command}`,
  setupFailed: (prdId: string, command: string, code: number) =>
    `the release setup of ${prdId} failed (exit ${code}): ${command}`,
  setupFailedReason: (command: string, code: number) =>
    `release setup failed (exit ${code}): ${command}`,
  setupFailedHint: (configFile: string, coordinationBranch: string, log: string) =>
    `the branch's code is not at fault: fix agents.mergeQueue.setup in ${configFile} on ${coordinationBranch} (the release worktree is a clean checkout without ignored files such as node_modules; output in ${log}), then \`lanes release\` again`,
  unchangedCode: (main: string) =>
    `${main} moved only in the lanes documents: the tested code is unchanged, no new test needed`,
  mainMoved: (main: string) => `${main} moved before the landing: rebasing and testing again`,
  keptMoving: (main: string, rounds: number) =>
    `${main} kept moving: ${rounds} landings were overtaken by other pushes`,
  keptMovingHint:
    'it is still queued in its place; run `lanes release` again when the pushes calm down',
  slotGivenBack: (prdId: string) =>
    `${prdId} gave the merge slot back and is queued again in its place (not blocked: its code is not at fault)`,
  failedReason: (message: string) => `release failed: ${message}`,
  blockedHint: (prdId: string) =>
    `${prdId} is blocked with this reason; \`lanes release\` tries again`,

  recorded: (prdId: string, sha: string) => `recorded ${short(sha)} as the merge of ${prdId}`,

  queueMessage: (prdId: string, sessionId: string) =>
    `chore: queue ${prdId} for release (${sessionId})`,
  slotMessage: (prdId: string, sessionId: string) => `chore: merge slot to ${prdId} (${sessionId})`,
  staleMessage: (prdIds: readonly string[]) => `chore: block stale merge of ${prdIds.join(', ')}`,
  blockMessage: (prdId: string, sessionId: string) => `chore: block ${prdId} (${sessionId})`,
  yieldMessage: (prdId: string, sessionId: string) =>
    `chore: requeue ${prdId}, its landing was overtaken (${sessionId})`,
  recordMessage: (prdId: string, sha: string) => `chore: record merge of ${prdId} (${short(sha)})`,
  completeMessage: (prdId: string, sessionId: string) => `chore: complete ${prdId} (${sessionId})`,
  requeueMessage: (prdId: string) => `chore: requeue ${prdId} (its landing never reached main)`,
  forgetMessage: (prdId: string) => `chore: forget the unlanded merge commit of ${prdId}`,

  recoveredLanding: (prdId: string, sha: string, main: string) =>
    `finished an interrupted release: ${prdId} had landed on ${main} as ${short(sha)}; it is completed now`,
  resetLanding: (prdId: string, main: string, requeued: boolean) =>
    `an interrupted release of ${prdId} never reached ${main}; ${requeued ? 'it is queued again' : 'its recorded merge commit is cleared'}`,

  linkedWorktreeLeft: (root: string, branch: string) =>
    `this linked worktree (${root}) still has ${branch} checked out; remove it with \`git worktree remove ${root}\` when done`,
  switchedToMain: (main: string) => `switched this worktree to ${main}`,
  switchFailed: (main: string, reason: string) =>
    `could not switch this worktree to ${main}: ${reason}`,
  fastForwardFailed: (main: string) =>
    `your local ${main} has commits of its own; it was not fast-forwarded`,
  linkedBranchKept: (root: string, branch: string) =>
    `kept the local ${branch}: this worktree has it checked out, and it is what landed; after \`git worktree remove ${root}\`, delete it with \`git branch -D ${branch}\` (-D: a release that rebased it landed copies of its commits, which git calls not fully merged)`,
  localBranchKept: (branch: string) =>
    `kept the local ${branch}: it has commits that were not released, or is checked out elsewhere`,
  remoteBranchMoved: (branch: string, remote: string) =>
    `kept ${remote}/${branch}: it moved since the release pushed it`,
  remoteBranchRefused: (branch: string, remote: string, said: readonly string[]) =>
    `kept ${remote}/${branch}: ${remote} refused to delete it (${said.join('; ')}); delete it there by hand if it should go`,
  cleanupFailed: (what: string, reason: string) => `could not ${what}: ${reason}`,
  leftoverRemoved: (paths: readonly string[]) =>
    `removed what an interrupted release left behind: its temporary worktree ${list(paths)}`,

  released: (prdId: string, main: string, sha: string, strategy: string) =>
    `released ${prdId}: landed on ${main} as ${short(sha)} (${strategy})`,
  archived: (path: string) => `archived to ${path}`,
  branchDeleted: (branch: string) => `deleted ${branch}`,
  worktreeNowOn: (branch: string) => `this worktree is now on ${branch}, level with the remote`,
};
