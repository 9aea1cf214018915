import {
  applyFinishBatch,
  applyRecordBatch,
  isLanesError,
  type BatchBlocked,
  type BatchLanded,
  type CompletedEntry,
  type StateChange,
  type TransitionState,
} from '@lanes/core';
import { pushWithLease, readDocumentsAt, transact, treeOf } from '@lanes/git';
import { MAIN_BRANCH } from '../main-branch.js';
import { commitTransition, usableState, writesFor } from '../workspace.js';
import type { BatchMember } from './batch-landing.js';
import { batchMessages } from './batch-messages.js';
import { releaseKillPoint } from './kill-point.js';
import type { ReleaseRun } from './landing.js';

// How a settled batch reaches main: like a single landing (landing.ts), one lease push
// when main coordinates, record → push → complete with a dedicated coordination branch.
// The state change is core's, one transaction for every member.

/** A member rebased (`tip`) and the commit that lands it (`landing`), chained in order. */
export interface BatchLink {
  member: BatchMember;
  tip: string;
  landing: string;
}

export interface PushedBatch {
  entries: CompletedEntry[];
  mainTip: string;
}

const landedOf = (links: readonly BatchLink[]): BatchLanded[] =>
  links.map((link) => ({ prdId: link.member.prdId, mergeCommit: link.landing }));

/** The batch's outcome as one state change (core's applyFinishBatch). */
const finishing =
  (run: ReleaseRun, links: readonly BatchLink[], blocked: readonly BatchBlocked[]) =>
  (state: TransitionState, now: Date) =>
    applyFinishBatch({ state, sessionId: run.sessionId, landed: landedOf(links), blocked, now });

function finishMessage(
  run: ReleaseRun,
  change: StateChange & { entries: CompletedEntry[] },
  blocked: readonly BatchBlocked[],
) {
  const landed = change.entries.map((entry) => entry.id);
  return batchMessages.finishMessage(
    landed,
    blocked.map((b) => b.prdId),
    run.sessionId,
  );
}

/** Records the outcome without landing anything (every member was blocked, or it failed). */
export async function finishBatch(
  run: ReleaseRun,
  links: readonly BatchLink[],
  blocked: readonly BatchBlocked[],
): Promise<CompletedEntry[]> {
  const { result } = await commitTransition(
    run.ctx,
    run.ws,
    finishing(run, links, blocked),
    (change) => finishMessage(run, change, blocked),
  );
  return result.entries;
}

/**
 * main coordinates: ONE push with a lease on the tested main, carrying the chain of
 * landing commits and on top of it the outcome (completions with their merge commits,
 * blocks). null: main moved.
 */
export async function landBatchInOnePush(
  run: ReleaseRun,
  mainTip: string,
  links: readonly BatchLink[],
  blocked: readonly BatchBlocked[],
): Promise<PushedBatch | null> {
  const { ctx, ws } = run;
  const landing = links.at(-1)!.landing;
  const [raw, tree] = await Promise.all([
    readDocumentsAt(ws.repo, landing),
    treeOf(ws.repo.git, landing),
  ]);
  const outcome = await transact(
    ws.repo,
    ws.coords,
    (snapshot, now) => {
      if (snapshot.tip !== mainTip) return { kind: 'noop', value: null };
      try {
        const change = finishing(run, links, blocked)(usableState(snapshot, ws.coords), now);
        return {
          kind: 'write',
          writes: writesFor(change, { ...snapshot, raw }),
          message: finishMessage(run, change, blocked),
          value: change,
          base: { parents: [landing], tree },
        };
      } catch (error) {
        if (isLanesError(error)) return { kind: 'refuse', error };
        throw error;
      }
    },
    { now: ctx.now },
  );
  if (outcome.value === null || outcome.commit === null) return null;
  return { entries: outcome.value.entries, mainTip: outcome.commit };
}

/**
 * A dedicated coordination branch: record every landing commit (and the blocks), push
 * the chain to main with a lease on the tested tip, then complete. A crash between the
 * pushes is finished by `recoverInterruptedLandings`. null: main moved.
 */
export async function landBatchInTwoPushes(
  run: ReleaseRun,
  mainTip: string,
  links: readonly BatchLink[],
  blocked: readonly BatchBlocked[],
): Promise<PushedBatch | null> {
  const { ctx, ws } = run;
  const landed = landedOf(links);
  await commitTransition(
    ctx,
    ws,
    (state, now) => applyRecordBatch({ state, sessionId: run.sessionId, landed, blocked, now }),
    () => batchMessages.recordMessage(landed.map((l) => l.prdId)),
  );
  releaseKillPoint('release-after-record', ctx.env);
  const landing = links.at(-1)!.landing;
  const pushed = await pushWithLease(
    ws.repo,
    ws.coords.remote,
    landing,
    `refs/heads/${MAIN_BRANCH}`,
    mainTip,
  );
  if (pushed === 'rejected') return null;
  releaseKillPoint('release-after-land', ctx.env);
  const entries = await finishBatch(run, links, blocked);
  return { entries, mainTip: landing };
}
