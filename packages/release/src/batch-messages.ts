// The user-facing strings of merge-queue batches, beside releaseMessages.

const short = (sha: string) => sha.slice(0, 12);

export const batchMessages = {
  badPriority: (value: string) => `--priority: '${value}' is not a priority (high or normal)`,
  priorityHint: '`--priority high` puts the release ahead of the normal ones in the merge queue',

  batch: (prdIds: readonly string[]) =>
    `landing a batch of ${prdIds.length}: ${prdIds.join(', ')} (setup and check once for all)`,
  testing: (prdIds: readonly string[], onto: string) => `${prdIds.join(' + ')} onto ${short(onto)}`,
  bisecting: (prdIds: readonly string[]) =>
    `the check failed for ${prdIds.join(', ')}: testing the halves, the first half first`,
  branchGone: (branch: string, remote: string) => `${remote} has no branch ${branch} any more`,
  checkFailedReason: (command: string, holder: string) =>
    `quality check failed when tested alone in a merge-queue batch (run by ${holder}): ${command}`,
  setupFailedReason: (command: string, holder: string) =>
    `release setup failed when tested alone in a merge-queue batch (run by ${holder}): ${command}`,
  blocked: (prdId: string, reason: string) => `${prdId} was blocked by the merge queue: ${reason}`,
  // The answer itself carries the reason and the lines: an agent needs no other command.
  blockedHint: (conflict: boolean) =>
    conflict
      ? '`error.files` (with --json) names the files: `lanes sync` rebases here and stops on them; resolve, `git add`, `GIT_EDITOR=true git rebase --continue`, `lanes sync`, then `lanes release` again'
      : '`error.reason` and `error.output` (with --json: the last lines of the check; `lanes status --json` keeps the reason as `blockedReason`) say why; fix it on the branch, commit, then `lanes release` again',
  landedBy: (prdId: string, holder: string, sha: string) =>
    `${prdId} landed in the batch of ${holder} as ${short(sha)}`,
  landedTogether: (prdIds: readonly string[], holder: string) =>
    `landed in one push with ${prdIds.join(', ')}; ${holder} ran the check`,
  waitingInBatch: (holder: string, prdId: string) =>
    `in the batch of ${prdId} (${holder}): waiting while it tests and lands`,

  recordMessage: (prdIds: readonly string[]) =>
    `chore: record the merges of ${prdIds.join(', ')} (batch)`,
  finishMessage: (landed: readonly string[], blocked: readonly string[], holder: string) =>
    `chore: ${[
      landed.length > 0 ? `complete ${landed.join(', ')}` : '',
      blocked.length > 0 ? `block ${blocked.join(', ')}` : '',
    ]
      .filter((part) => part !== '')
      .join(', ')} (batch of ${holder})`,
};
