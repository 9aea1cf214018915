import { join } from 'node:path';
import {
  applyBlock,
  applyRecordMergeCommit,
  droppingMergeCommit,
  finishLanding,
  isLanesError,
  isLanesOwnedPath,
  LanesError,
  planLanding,
  type CompletedEntry,
  type FinishedLanding,
  type LanesConfig,
  type MergeStrategy,
} from '@lanes/core';
import {
  addDetachedWorktree,
  changedPaths,
  commitAllChanges,
  commitSubjects,
  commitTree,
  discardWorktree,
  fetchBranchTip,
  pushWithLease,
  readDocumentsAt,
  rebaseOnto,
  transact,
  treeOf,
  type Git,
  type Repository,
} from '@lanes/git';
import type { CliContext } from '../context.js';
import { MAIN_BRANCH } from '../main-branch.js';
import { commitTransition, usableState, writesFor, type Workspace } from '../workspace.js';
import { releaseKillPoint } from './kill-point.js';
import { releaseMessages } from './messages.js';
import { runQualityGate, type QualityRunner } from './quality-gate.js';
import { runShellCommand } from './shell-command.js';

// Landing holds the merge slot: rebase onto the latest main in a temporary worktree,
// run the quality gate, and push so that main gets exactly what was tested. When main
// moves in between, the lease fails and the round starts again.

export interface ReleaseRun {
  ctx: CliContext;
  ws: Workspace;
  sessionId: string;
  prdId: string;
  branch: string;
  title: string;
  config: LanesConfig;
  strategy: MergeStrategy;
  /** The branch commit that is being released (what the session pushed). */
  sourceSha: string;
}

export interface Landed {
  /** The commit that brought the work to main (merge, squash or rebased tip). */
  mergeCommit: string;
  /** main's tip after the landing. */
  mainTip: string;
  entry: CompletedEntry;
  checks: number;
  rounds: number;
}

/** Rebases overtaken by pushes to main before giving up. */
const MAX_ROUNDS = 8;

/** Where the release rebases and tests: lanes' own, inside the git directory. */
export function releaseWorktreePath(repo: Pick<Repository, 'commonDir'>, prdId: string): string {
  return join(repo.commonDir, 'lanes', `release-${prdId}`);
}

/** A refusal that has already set the lock to `blocked`. */
class BlockedRelease extends Error {
  constructor(readonly error: LanesError) {
    super(error.message);
  }
}

/**
 * Lands the work; on any failure the lock ends `blocked` with the reason (so the queue
 * moves on) and the temporary worktree is gone.
 */
export async function landWork(run: ReleaseRun): Promise<Landed> {
  const path = releaseWorktreePath(run.ws.repo, run.prdId);
  try {
    return await landInRounds(run, path);
  } catch (error) {
    if (error instanceof BlockedRelease) throw error.error;
    const message = error instanceof Error ? error.message : String(error);
    // It may have landed (a failure after the push to main): keep the recorded merge
    // commit, so a recovery can tell and finish it.
    await block(run, releaseMessages.failedReason(message), false);
    throw error;
  } finally {
    await discardWorktree(run.ws.repo, path).catch(() => undefined);
  }
}

async function landInRounds(run: ReleaseRun, path: string): Promise<Landed> {
  const { ctx, ws } = run;
  let head = run.sourceSha;
  let tested: string | null = null;
  let checks = 0;
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const mainTip = await fetchBranchTip(ws.repo, ws.coords.remote, MAIN_BRANCH, { track: true });
    if (mainTip === null) {
      throw new LanesError('E_GIT', releaseMessages.mainMissing(ws.coords.remote, MAIN_BRANCH));
    }
    ctx.note(releaseMessages.rebasing(run.branch, MAIN_BRANCH, mainTip));
    const worktree = await addDetachedWorktree(ws.repo, path, head);
    const rebased = await rebaseOnto(worktree, mainTip);
    if (rebased.kind === 'conflict') throw await conflict(run, rebased.files);

    let tip = rebased.tip;
    if (tested !== null && (await onlyCoordinationChanges(run, tested, tip))) {
      ctx.note(releaseMessages.unchangedCode(MAIN_BRANCH));
    } else {
      const runner = qualityRunner(run, worktree, path, (sha) => (tip = sha));
      const { qualityCheck, qualityFix, attempts } = run.config.mergeQueue;
      const gate = await runQualityGate(
        {
          ...(qualityCheck ? { check: qualityCheck } : {}),
          ...(qualityFix ? { fix: qualityFix } : {}),
          attempts,
        },
        runner,
      );
      checks += gate.checks;
      if (!gate.passed) throw await qualityFailure(run, gate.checks);
      tested = tip;
    }
    head = tip;

    const landing = await buildLanding(run, mainTip, tip);
    const landed =
      ws.coords.branch === MAIN_BRANCH
        ? await landInOnePush(run, mainTip, landing)
        : await landInTwoPushes(run, mainTip, landing);
    if (landed !== null) return { ...landed, checks, rounds: round };
    ctx.note(releaseMessages.mainMoved(MAIN_BRANCH));
  }
  throw new LanesError('E_PUSH_REJECTED', releaseMessages.keptMoving(MAIN_BRANCH, MAX_ROUNDS), {
    hint: releaseMessages.keptMovingHint,
    details: { prdId: run.prdId, rounds: MAX_ROUNDS },
  });
}

/**
 * With main as the coordination branch, every state transaction moves main. When the
 * rebased tree differs from the tested one only in the lanes documents, the code under
 * test is the same: no need to run the check again.
 */
async function onlyCoordinationChanges(run: ReleaseRun, tested: string, tip: string) {
  if (run.ws.coords.branch !== MAIN_BRANCH) return false;
  const paths = await changedPaths(run.ws.repo.git, tested, tip);
  return paths.every(
    (path) =>
      isLanesOwnedPath(path) || path.startsWith('docs/prds/') || path.startsWith('docs/drafts/'),
  );
}

function qualityRunner(
  run: ReleaseRun,
  worktree: Git,
  path: string,
  onFixed: (sha: string) => void,
): QualityRunner {
  const { ctx, config } = run;
  const attempts = config.mergeQueue.qualityFix ? config.mergeQueue.attempts : 1;
  return {
    async run(command, role, attempt) {
      ctx.note(
        role === 'check'
          ? releaseMessages.checking(command, attempt, attempts)
          : releaseMessages.fixing(command),
      );
      return (await runShellCommand(command, path, ctx.env)) === 0;
    },
    async commitFix(attempt) {
      const message = releaseMessages.fixMessage(
        run.prdId,
        config.mergeQueue.qualityFix ?? '',
        attempt,
      );
      const sha = await commitAllChanges(worktree, message);
      if (sha === null) return;
      onFixed(sha);
      ctx.note(releaseMessages.fixCommitted(sha));
    },
  };
}

async function buildLanding(run: ReleaseRun, mainTip: string, tip: string): Promise<string> {
  const git = run.ws.repo.git;
  const subjects = run.strategy === 'squash' ? await commitSubjects(git, mainTip, tip) : [];
  const plan = planLanding({
    strategy: run.strategy,
    mainTip,
    testedTip: tip,
    branch: run.branch,
    prdId: run.prdId,
    title: run.title,
    subjects,
  });
  if (plan.kind === 'main') return mainTip;
  if (plan.kind === 'tip') return tip;
  return commitTree(git, {
    tree: await treeOf(git, tip),
    parents: plan.parents,
    message: plan.message,
  });
}

type LandedCommit = Omit<Landed, 'checks' | 'rounds'>;

/**
 * main coordinates: ONE push with a lease on the tested tip of main, carrying the
 * landing commit and, on top of it, the completion (archive, registry, lock removed)
 * with `mergeCommit` naming the landing commit. A commit cannot name itself, hence two
 * commits; both arrive together or not at all. null: main moved.
 */
async function landInOnePush(
  run: ReleaseRun,
  mainTip: string,
  landing: string,
): Promise<LandedCommit | null> {
  const { ctx, ws } = run;
  const [raw, tree] = await Promise.all([
    readDocumentsAt(ws.repo, landing),
    treeOf(ws.repo.git, landing),
  ]);
  const outcome = await transact<FinishedLanding | null>(
    ws.repo,
    ws.coords,
    (snapshot, now) => {
      if (snapshot.tip !== mainTip) return { kind: 'noop', value: null };
      try {
        const state = usableState(snapshot, ws.coords);
        // Refuses unless this session still holds the merge slot.
        const recorded = applyRecordMergeCommit({
          state,
          sessionId: run.sessionId,
          sha: landing,
          now,
        });
        const change = finishLanding({ ...state, locks: recorded.locks }, run.prdId, landing, now);
        return {
          kind: 'write',
          // Against the landing commit's documents: a PRD file the branch updated
          // (stories marked done) is archived as the branch has it.
          writes: writesFor(change, { ...snapshot, raw }),
          message: releaseMessages.completeMessage(run.prdId, run.sessionId),
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
  return { mergeCommit: landing, mainTip: outcome.commit, entry: outcome.value.entry };
}

/**
 * A dedicated coordination branch: record the merge commit there, push it to main
 * with a lease on the tested tip, then complete. A crash between the pushes is
 * finished by `recoverInterruptedLandings`. null: main moved.
 */
async function landInTwoPushes(
  run: ReleaseRun,
  mainTip: string,
  landing: string,
): Promise<LandedCommit | null> {
  const { ctx, ws } = run;
  await commitTransition(
    ctx,
    ws,
    (state, now) => applyRecordMergeCommit({ state, sessionId: run.sessionId, sha: landing, now }),
    () => releaseMessages.recordMessage(run.prdId, landing),
  );
  ctx.note(releaseMessages.recorded(run.prdId, landing));
  releaseKillPoint('release-after-record', ctx.env);
  const pushed = await pushWithLease(
    ws.repo,
    ws.coords.remote,
    landing,
    `refs/heads/${MAIN_BRANCH}`,
    mainTip,
  );
  if (pushed === 'rejected') return null;
  releaseKillPoint('release-after-land', ctx.env);
  const { result } = await commitTransition(
    ctx,
    ws,
    (state, now) => finishLanding(state, run.prdId, landing, now),
    () => releaseMessages.completeMessage(run.prdId, run.sessionId),
  );
  return { mergeCommit: landing, mainTip: landing, entry: result.entry };
}

async function conflict(run: ReleaseRun, files: string[]): Promise<BlockedRelease> {
  await block(run, releaseMessages.conflictReason(MAIN_BRANCH, files), true);
  return new BlockedRelease(
    new LanesError('E_MERGE_CONFLICT', releaseMessages.conflict(run.prdId, MAIN_BRANCH, files), {
      hint: releaseMessages.conflictHint(MAIN_BRANCH),
      details: { prdId: run.prdId, branch: run.branch, files },
    }),
  );
}

async function qualityFailure(run: ReleaseRun, checks: number): Promise<BlockedRelease> {
  const command = run.config.mergeQueue.qualityCheck ?? '';
  await block(run, releaseMessages.checkFailedReason(checks, command), true);
  return new BlockedRelease(
    new LanesError('E_QUALITY_CHECK', releaseMessages.checkFailed(run.prdId, checks, command), {
      hint: releaseMessages.checkFailedHint,
      details: { prdId: run.prdId, command, checks },
    }),
  );
}

/**
 * Sets the lock to `blocked` (it leaves the queue, the slot is free). `neverLanded`:
 * the failure came before any push to main, so a recorded merge commit is dropped.
 * A failure to block is only noted: the original error is what the user must see.
 */
async function block(run: ReleaseRun, reason: string, neverLanded: boolean): Promise<void> {
  try {
    await commitTransition(
      run.ctx,
      run.ws,
      (state, now) => {
        const change = applyBlock({ state, sessionId: run.sessionId, liveness: [], now, reason });
        return neverLanded ? droppingMergeCommit(change, run.prdId) : change;
      },
      () => releaseMessages.blockMessage(run.prdId, run.sessionId),
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    run.ctx.note(releaseMessages.cleanupFailed('set the lock to blocked', message));
  }
}
