import { MAIN_BRANCH } from '@lanes/core';
import { batchMessages, releaseMessages } from '@lanes/release';
import type { ReleaseOutcome } from '../results.js';

/** The readable result of `lanes release` (notes were already said on stderr). */
export function renderRelease(outcome: ReleaseOutcome): string {
  if (outcome.status !== 'completed') {
    return [
      releaseMessages.queued(outcome.prdId, outcome.position),
      releaseMessages.queuedHint,
    ].join('\n');
  }
  const lines = [
    releaseMessages.released(
      outcome.prdId,
      MAIN_BRANCH,
      outcome.mergeCommit,
      outcome.strategy ?? 'finished after an interruption',
    ),
    releaseMessages.archived(outcome.archivedTo),
  ];
  if (outcome.batch.length > 1 || outcome.landedBy !== outcome.sessionId) {
    lines.push(batchMessages.landedTogether(outcome.batch, outcome.landedBy));
  }
  if (outcome.branchDeleted) lines.push(releaseMessages.branchDeleted(outcome.branch));
  if (outcome.worktreeBranch !== null && outcome.worktreeBranch !== outcome.branch) {
    lines.push(releaseMessages.worktreeNowOn(outcome.worktreeBranch));
  }
  return lines.join('\n');
}
