import {
  applyFinishBatch,
  applyRecordBatch,
  applyYieldMergeSlot,
  isLanesError,
  type BatchBlocked,
  type BatchLanded,
  type CompletedEntry,
  type StateChange,
  type TransitionState,
  MAIN_BRANCH,
} from '@lanes/core';
import {
  pushWithLease,
  readDocumentsAt,
  transact,
  treeOf,
  commitTransition,
  usableState,
  writesFor,
} from '@lanes/git';
import type { BatchMember } from './batch-landing.js';
import { batchMessages } from './batch-messages.js';
import { releaseKillPoint, releasePausePoint } from './kill-point.js';
import type { ReleaseRun } from './landing.js';
import { releaseMessages } from './messages.js';
import { chainOnNewerMain, type BuiltLanding } from './newer-main.js';

// How a settled chain (one PRD or several) reaches main: one lease push when main
// coordinates, record → push → complete with a dedicated coordination branch. The
// state change is core's, one transaction for every member.

/** A member rebased (`tip`) and the commit that lands it (`sha`), chained in order. */
export interface BatchLink extends BuiltLanding {
  member: BatchMember;
  tip: string;
}

export interface PushedBatch {
  /** The chain as it landed (rebuilt when main moved only in the lanes documents). */
  links: BatchLink[];
  entries: CompletedEntry[];
  mainTip: string;
}

const landedOf = (links: readonly BatchLink[]): BatchLanded[] =>
  links.map((link) => ({ prdId: link.member.prdId, mergeCommit: link.sha }));

/** The outcome as one state change (core's applyFinishBatch). */
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
  // A landing of the holder's PRD alone says so as it always did.
  if (landed.length + blocked.length === 1 && (landed[0] ?? blocked[0]?.prdId) === run.prdId) {
    return landed.length === 1
      ? releaseMessages.completeMessage(run.prdId, run.sessionId)
      : releaseMessages.blockMessage(run.prdId, run.sessionId);
  }
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
 * Starved by pushes to main (nothing is wrong with the code): the failed members are
 * blocked, the holder and the other members go back to the queue in their places.
 */
export async function giveSlotBack(run: ReleaseRun, blocked: readonly BatchBlocked[]) {
  await commitTransition(
    run.ctx,
    run.ws,
    (state, now) => {
      const finished = finishing(run, [], blocked)(state, now);
      return applyYieldMergeSlot({
        state: { ...state, ...finished },
        sessionId: run.sessionId,
        now,
      });
    },
    () => releaseMessages.yieldMessage(run.prdId, run.sessionId),
  );
  run.ctx.note(releaseMessages.slotGivenBack(run.prdId));
}

/**
 * main coordinates: ONE push with a lease on the tip of main, carrying the chain of
 * landing commits and on top of it the outcome (completions with their merge commits,
 * blocks); a commit cannot name itself, hence the outcome on top. When main moved
 * meanwhile only in the lanes documents, the chain is rebuilt on the newer tip in the
 * same transaction (newer-main.ts), so progress written by others never starves it.
 * null: main's code moved.
 */
export async function landBatchInOnePush(
  run: ReleaseRun,
  mainTip: string,
  links: readonly BatchLink[],
  blocked: readonly BatchBlocked[],
): Promise<PushedBatch | null> {
  const { ctx, ws } = run;
  await releasePausePoint('release-before-landing-push', ctx.env);
  const outcome = await transact<Omit<PushedBatch, 'mainTip'> | null>(
    ws.repo,
    ws.coords,
    async (snapshot, now) => {
      const chain =
        snapshot.tip === mainTip
          ? [...links]
          : snapshot.tip === null
            ? null
            : await chainOnNewerMain(ws.repo.git, links, snapshot.tip);
      if (chain === null) return { kind: 'noop', value: null };
      const landing = chain.at(-1)!.sha;
      const [raw, tree] = await Promise.all([
        readDocumentsAt(ws.repo, landing),
        treeOf(ws.repo.git, landing),
      ]);
      try {
        const change = finishing(run, chain, blocked)(usableState(snapshot, ws.coords), now);
        return {
          kind: 'write',
          // Against the landing commit's documents: a PRD file a branch updated (stories
          // marked done) is archived as the branch has it.
          writes: writesFor(change, { ...snapshot, raw }),
          message: finishMessage(run, change, blocked),
          value: { entries: change.entries, links: chain },
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
  releaseKillPoint('release-after-landing-push', ctx.env);
  return { ...outcome.value, mainTip: outcome.commit };
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
    () =>
      landed.length === 1
        ? releaseMessages.recordMessage(landed[0]!.prdId, landed[0]!.mergeCommit)
        : batchMessages.recordMessage(landed.map((l) => l.prdId)),
  );
  for (const l of landed) ctx.note(releaseMessages.recorded(l.prdId, l.mergeCommit));
  releaseKillPoint('release-after-record', ctx.env);
  const landing = links.at(-1)!.sha;
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
  return { links: [...links], entries, mainTip: landing };
}
