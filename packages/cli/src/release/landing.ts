import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { readdir, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import {
  applyBlock,
  applyYieldMergeSlot,
  applyRecordMergeCommit,
  droppingMergeCommit,
  finishLanding,
  isLanesError,
  LanesError,
  planLanding,
  type CompletedEntry,
  type CoordinationState,
  type StateChange,
  type FinishedLanding,
  type LanesConfig,
  type MergeStrategy,
} from '@lanes/core';
import {
  addDetachedWorktree,
  commitAllChanges,
  commitSubjects,
  commitTree,
  discardWorktree,
  discardWorktreesIn,
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
import { releaseKillPoint, releasePausePoint } from './kill-point.js';
import { releaseMessages } from './messages.js';
import { landingOnNewerMain, onlyDocumentsMoved, type BuiltLanding } from './newer-main.js';
import { runQualityGate, type QualityRunner } from './quality-gate.js';
import { runShellCommand, type ShellResult } from './shell-command.js';

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
  /** Runs the landing's push with the session's own pings held back. */
  quietPings: <T>(work: () => Promise<T>) => Promise<T>;
}

export interface Landed {
  /** The commit that brought the work to main (merge, squash or rebased tip). */
  mergeCommit: string;
  /** main's tip after the landing. */
  mainTip: string;
  entry: CompletedEntry;
  checks: number;
  /** How often `qualityFix` ran. */
  fixRuns: number;
  /** The check failed once and passed on the same tree (retryFlaky). */
  flaky: boolean;
  rounds: number;
}

/** Rebases overtaken by pushes to main before giving up. */
const MAX_ROUNDS = 8;

/**
 * Where this repository's releases rebase and test: outside the git directory (tools
 * such as jest ignore every path under `.git/`), in the OS temp dir, one directory per
 * repository (its name and a hash of its git directory), so a killed release's leftover
 * is found and removed by the next one.
 */
export function releaseWorktreesDir(repo: Pick<Repository, 'commonDir'>): string {
  const common = repo.commonDir;
  const name = basename(common) === '.git' ? basename(dirname(common)) : basename(common, '.git');
  const hash = createHash('sha256').update(common).digest('hex').slice(0, 8);
  return join(tmpdir(), `lanes-${name.replace(/[^\w.-]/g, '_')}-${hash}`);
}

export function releaseWorktreePath(repo: Pick<Repository, 'commonDir'>, prdId: string): string {
  return join(releaseWorktreesDir(repo), `release-${prdId}`);
}

/**
 * Removes the temporary worktrees a killed release left (its files and git's record of
 * them), saying so; nothing left, nothing said. All of them while holding the merge
 * slot (no other landing runs); only `prdId`'s otherwise (another session of this
 * repository may be landing in its own right now).
 */
export async function discardLeftoverWorktrees(
  ctx: CliContext,
  repo: Repository,
  prdId?: string,
): Promise<void> {
  const dir = releaseWorktreesDir(repo);
  const names = await readdir(dir).catch(() => [] as string[]);
  const left = names
    .map((name) => join(dir, name))
    .filter((path) => prdId === undefined || path === releaseWorktreePath(repo, prdId));
  if (prdId === undefined) await discardWorktreesIn(repo, dir);
  else await discardWorktree(repo, releaseWorktreePath(repo, prdId));
  await rmdir(dir).catch(() => undefined);
  if (left.length > 0) ctx.note(releaseMessages.leftoverRemoved(left));
}

/** The full output of the release's setup and checks; it outlives the worktree. */
export function releaseLogPath(repo: Pick<Repository, 'commonDir'>, prdId: string): string {
  return join(repo.commonDir, 'lanes', 'logs', `release-${prdId}.log`);
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
  const dir = releaseWorktreesDir(run.ws.repo);
  const path = releaseWorktreePath(run.ws.repo, run.prdId);
  // This release holds the merge slot: any release worktree left here is a killed one's.
  await discardLeftoverWorktrees(run.ctx, run.ws.repo);
  const logPath = releaseLogPath(run.ws.repo, run.prdId);
  mkdirSync(dirname(logPath), { recursive: true });
  const log = createWriteStream(logPath, { flags: 'w' });
  try {
    return await landInRounds(run, path, { log, logPath, startedAt: Date.now() });
  } catch (error) {
    if (error instanceof BlockedRelease) throw error.error;
    if (isLanesError(error) && error.code === 'E_PUSH_REJECTED') {
      // Starved by pushes to main: nothing is wrong with the branch.
      await giveSlotBack(run);
      throw error;
    }
    const message = error instanceof Error ? error.message : String(error);
    // It may have landed (a failure after the push to main): keep the recorded merge
    // commit, so a recovery can tell and finish it.
    await block(run, releaseMessages.failedReason(message), false);
    throw error;
  } finally {
    await new Promise((resolve) => log.end(resolve));
    await discardWorktree(run.ws.repo, path).catch(() => undefined);
    await rmdir(dir).catch(() => undefined);
  }
}

export interface RunLog {
  log: WriteStream;
  logPath: string;
  startedAt: number;
}

/** `[12.3s] setup: pnpm install …` on stderr: the stage and the time since the landing began. */
export function stage(
  run: Pick<ReleaseRun, 'ctx'>,
  out: RunLog,
  name: string,
  detail: string,
): void {
  const elapsed = ((Date.now() - out.startedAt) / 1000).toFixed(1);
  run.ctx.note(`[${elapsed}s] ${name}: ${detail}`);
  out.log.write(`\n### ${name}: ${detail}\n`);
}

async function landInRounds(run: ReleaseRun, path: string, out: RunLog): Promise<Landed> {
  const { ctx, ws } = run;
  let head = run.sourceSha;
  let tested: string | null = null;
  let checks = 0;
  let fixRuns = 0;
  let flaky = false;
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const mainTip = await fetchBranchTip(ws.repo, ws.coords.remote, MAIN_BRANCH, { track: true });
    if (mainTip === null) {
      throw new LanesError('E_GIT', releaseMessages.mainMissing(ws.coords.remote, MAIN_BRANCH));
    }
    stage(run, out, 'rebasing', releaseMessages.rebasing(run.branch, MAIN_BRANCH, mainTip));
    const worktree = await addDetachedWorktree(ws.repo, path, head);
    const rebased = await rebaseOnto(worktree, mainTip);
    if (rebased.kind === 'conflict') throw await conflict(run, rebased.files);

    let tip = rebased.tip;
    if (tested !== null && (await onlyCoordinationChanges(run, tested, tip))) {
      ctx.note(releaseMessages.unchangedCode(MAIN_BRANCH));
    } else {
      const { setup, qualityCheck, qualityFix, attempts, retryFlaky } = run.config.mergeQueue;
      if (setup?.trim()) {
        stage(run, out, 'setup', setup);
        const result = await runShellCommand(setup, path, ctx.env, out.log);
        if (result.code !== 0) throw await setupFailure(run, setup, result, out.logPath);
      }
      let lastCheck: ShellResult = { code: 0, tail: [] };
      const runner = qualityRunner(run, worktree, path, out, {
        onFixed: (sha) => (tip = sha),
        onCheck: (result) => (lastCheck = result),
      });
      const gate = await runQualityGate(
        {
          ...(qualityCheck ? { check: qualityCheck } : {}),
          ...(qualityFix ? { fix: qualityFix } : {}),
          attempts,
          retryFlaky,
        },
        runner,
      );
      checks += gate.checks;
      fixRuns += gate.fixRuns;
      flaky ||= gate.flaky;
      if (gate.flaky) ctx.note(releaseMessages.flaky(qualityCheck ?? ''));
      if (!gate.passed) {
        throw await qualityFailure(run, { checks, fixRuns }, lastCheck, out.logPath);
      }
      tested = tip;
    }
    head = tip;

    stage(run, out, 'landing', `${run.strategy} onto ${MAIN_BRANCH}`);
    const landing = await buildLanding(run, mainTip, tip);
    const landed = await run.quietPings(() =>
      ws.coords.branch === MAIN_BRANCH
        ? landInOnePush(run, landing)
        : landInTwoPushes(run, mainTip, landing.sha),
    );
    if (landed !== null) return { ...landed, checks, fixRuns, flaky, rounds: round };
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
export async function onlyCoordinationChanges(
  run: Pick<ReleaseRun, 'ws'>,
  tested: string,
  tip: string,
) {
  if (run.ws.coords.branch !== MAIN_BRANCH) return false;
  return onlyDocumentsMoved(run.ws.repo.git, tested, tip);
}

export function qualityRunner(
  run: ReleaseRun,
  worktree: Git,
  path: string,
  out: RunLog,
  on: { onFixed: (sha: string) => void; onCheck: (result: ShellResult) => void },
): QualityRunner {
  const { ctx, config } = run;
  const onFixed = on.onFixed;
  return {
    async run(command, role, attempt, limit) {
      stage(run, out, role === 'check' ? `check ${attempt}/${limit}` : `fix ${attempt}`, command);
      const result = await runShellCommand(command, path, ctx.env, out.log);
      if (role === 'check') on.onCheck(result);
      return result.code === 0;
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

export async function buildLanding(
  run: Pick<ReleaseRun, 'ws' | 'strategy' | 'branch' | 'prdId' | 'title'>,
  mainTip: string,
  tip: string,
): Promise<BuiltLanding> {
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
  const sha =
    plan.kind === 'main'
      ? mainTip
      : plan.kind === 'tip'
        ? tip
        : await commitTree(git, {
            tree: await treeOf(git, tip),
            parents: plan.parents,
            message: plan.message,
          });
  return { sha, mainTip, plan };
}

type LandedCommit = Omit<Landed, 'checks' | 'fixRuns' | 'flaky' | 'rounds'>;

/**
 * main coordinates: ONE push with a lease on the tip of main, carrying the landing
 * commit and, on top of it, the completion (archive, registry, lock removed) with
 * `mergeCommit` naming the landing commit. A commit cannot name itself, hence two
 * commits; both arrive together or not at all. When main moved meanwhile only in the
 * lanes documents, the landing is rebuilt on the newer tip in the same transaction
 * (newer-main.ts), so progress written by others never starves it. null: main's code
 * moved.
 */
async function landInOnePush(run: ReleaseRun, landing: BuiltLanding): Promise<LandedCommit | null> {
  const { ctx, ws } = run;
  await releasePausePoint('release-before-landing-push', ctx.env);
  const outcome = await transact<{ change: FinishedLanding; mergeCommit: string } | null>(
    ws.repo,
    ws.coords,
    async (snapshot, now) => {
      const sha =
        snapshot.tip === landing.mainTip
          ? landing.sha
          : snapshot.tip === null
            ? null
            : await landingOnNewerMain(ws.repo.git, landing, snapshot.tip);
      if (sha === null) return { kind: 'noop', value: null };
      const [raw, tree] = await Promise.all([
        readDocumentsAt(ws.repo, sha),
        treeOf(ws.repo.git, sha),
      ]);
      try {
        const state = usableState(snapshot, ws.coords);
        // Refuses unless this session still holds the merge slot.
        const recorded = applyRecordMergeCommit({ state, sessionId: run.sessionId, sha, now });
        const change = finishLanding({ ...state, locks: recorded.locks }, run.prdId, sha, now);
        return {
          kind: 'write',
          // Against the landing commit's documents: a PRD file the branch updated
          // (stories marked done) is archived as the branch has it.
          writes: writesFor(change, { ...snapshot, raw }),
          message: releaseMessages.completeMessage(run.prdId, run.sessionId),
          value: { change, mergeCommit: sha },
          base: { parents: [sha], tree },
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
  const { change, mergeCommit } = outcome.value;
  return { mergeCommit, mainTip: outcome.commit, entry: change.entry };
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

async function qualityFailure(
  run: ReleaseRun,
  runs: { checks: number; fixRuns: number },
  last: ShellResult,
  log: string,
): Promise<BlockedRelease> {
  const command = run.config.mergeQueue.qualityCheck ?? '';
  const { checks, fixRuns } = runs;
  await block(run, releaseMessages.checkFailedReason(checks, command), true);
  return new BlockedRelease(
    new LanesError('E_QUALITY_CHECK', releaseMessages.checkFailed(run.prdId, checks, command), {
      hint: releaseMessages.checkFailedHint(log),
      details: {
        prdId: run.prdId,
        command,
        checks,
        attempts: checks,
        fixRuns,
        exitCode: last.code,
        output: last.tail,
        log,
      },
    }),
  );
}

/** The setup failed: the configuration (or the machine) is at fault, not the branch's code. */
async function setupFailure(
  run: ReleaseRun,
  command: string,
  result: ShellResult,
  log: string,
): Promise<BlockedRelease> {
  await block(run, releaseMessages.setupFailedReason(command, result.code), true);
  return new BlockedRelease(
    new LanesError(
      'E_QUALITY_SETUP',
      releaseMessages.setupFailed(run.prdId, command, result.code),
      {
        hint: releaseMessages.setupFailedHint(run.ws.coords.branch, log),
        details: {
          prdId: run.prdId,
          command,
          exitCode: result.code,
          output: result.tail,
          log,
        },
      },
    ),
  );
}

/**
 * Sets the lock to `blocked` (it leaves the queue, the slot is free). `neverLanded`:
 * the failure came before any push to main, so a recorded merge commit is dropped.
 */
function block(run: ReleaseRun, reason: string, neverLanded: boolean): Promise<void> {
  const message = releaseMessages.blockMessage(run.prdId, run.sessionId);
  return ownLockChange(run, 'set the lock to blocked', message, (state, now) => {
    const change = applyBlock({ state, sessionId: run.sessionId, liveness: [], now, reason });
    return neverLanded ? droppingMergeCommit(change, run.prdId) : change;
  });
}

/** Back to the queue, in its place: a starved landing is not the branch's fault. */
async function giveSlotBack(run: ReleaseRun): Promise<void> {
  const message = releaseMessages.yieldMessage(run.prdId, run.sessionId);
  await ownLockChange(run, 'give the merge slot back', message, (state, now) =>
    applyYieldMergeSlot({ state, sessionId: run.sessionId, now }),
  );
  run.ctx.note(releaseMessages.slotGivenBack(run.prdId));
}

/**
 * A change to the session's own lock after a failure. A lock that is no longer the
 * session's (taken over meanwhile) is not its to change; any other failure is only
 * noted: the original error is what the user must see.
 */
async function ownLockChange(
  run: ReleaseRun,
  what: string,
  message: string,
  transition: (state: CoordinationState, now: Date) => StateChange,
): Promise<void> {
  try {
    await commitTransition(run.ctx, run.ws, transition, () => message);
  } catch (error) {
    if (isLanesError(error) && error.code === 'E_NO_SESSION') return;
    const reason = error instanceof Error ? error.message : String(error);
    run.ctx.note(releaseMessages.cleanupFailed(what, reason));
  }
}
