import { CONTINUE_REBASE, REBASE_CONFLICT_STEPS } from '@lanes/git';
import type { SyncResult } from '../results.js';

const list = (paths: readonly string[]) =>
  paths.length <= 5
    ? paths.join(', ')
    : `${paths.slice(0, 5).join(', ')} and ${paths.length - 5} more`;

export const syncMessages = {
  offline: '`lanes sync` needs the remote: it fetches main and pushes the branch',
  noSession: 'this worktree has no lanes session, so there is no branch to sync',
  noSessionHint: '`lanes claim` claims a PRD for this worktree; `--session <id>` acts as another',
  rebaseStopped: 'a rebase is stopped in this worktree with no conflicts left',
  rebaseStoppedHint: `finish it with \`${CONTINUE_REBASE}\` (or \`git rebase --abort\`), then \`lanes sync\``,
  wrongBranch: (branch: string, current: string | null) =>
    `the session's branch is ${branch}, but this worktree is on ${current ?? 'a detached HEAD'}`,
  wrongBranchHint: (branch: string) => `git switch ${branch}, then lanes sync`,
  dirty: (files: readonly string[]) => `uncommitted changes in ${list(files)}`,
  dirtyHint: 'commit (or stash) them, then `lanes sync`',
  noMain: (remote: string) => `remote '${remote}' has no main branch to sync onto`,
  conflict: (branch: string, files: readonly string[]) =>
    `${branch} does not rebase cleanly onto main: conflicts in ${list(files)}; the rebase is stopped for you to resolve`,
  conflictHint: `resolve, then: ${REBASE_CONFLICT_STEPS.slice(1).join(', then ')}`,
  conflictSteps: REBASE_CONFLICT_STEPS,
  done: (result: SyncResult) =>
    [
      result.rebased
        ? `rebased ${result.branch} onto main (${result.onto.slice(0, 7)})`
        : `${result.branch} already contains main (${result.onto.slice(0, 7)})`,
      result.push === 'pushed'
        ? `pushed ${result.branch}`
        : `${result.branch} was already on the remote`,
      ...(result.unblocked
        ? [`${result.prdId} is in_progress again: \`lanes release\` when ready`]
        : []),
    ].join('\n'),
};
