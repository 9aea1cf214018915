import { findEntry, type PrdRegistryDocument, MAIN_BRANCH } from '@lanes/core';
import { fetchBranchTip } from '@lanes/git';
import { batchMessages } from './batch-messages.js';
import { landBatch, type BatchLanded } from './batch-landing.js';
import type { ReleaseRun } from './landing.js';
import type { Turn } from './wait-for-turn.js';

/**
 * What this session's turn in the merge queue comes to: the batch it lands (its PRD
 * alone, or several), or the landing another session's batch made of it.
 */
export async function landTurn(
  run: ReleaseRun,
  turn: Turn,
  registry: PrdRegistryDocument,
): Promise<BatchLanded> {
  if (turn.kind === 'landed') {
    const { entry } = turn;
    const landedBy = entry.landedBy ?? run.sessionId;
    const mergeCommit = entry.mergeCommit ?? '';
    run.ctx.note(batchMessages.landedBy(run.prdId, landedBy, mergeCommit));
    const mainTip = await fetchBranchTip(run.ws.repo, run.ws.coords.remote, MAIN_BRANCH, {
      track: true,
    });
    return {
      mergeCommit,
      mainTip: mainTip ?? mergeCommit,
      entry,
      checks: 0,
      fixRuns: 0,
      flaky: false,
      landedBy,
      batch: entry.batch ?? [run.prdId],
    };
  }
  // A single release is a batch of one.
  return landBatch(run, turn.batch, (prdId) => findEntry(registry, prdId)?.title ?? prdId);
}
