import {
  DOCUMENT_PATHS,
  findEntry,
  isLanesError,
  LanesError,
  lockForBranch,
  lockForPrd,
  lockForSession,
  pingIntervalMs,
  type CoordinationState,
  type LanesConfig,
  type MergeStrategy,
  type PrdRegistryDocument,
  type ReleaseStage,
  type SessionLock,
  MAIN_BRANCH,
} from '@lanes/core';
import {
  currentBranch,
  fetchBranchTip,
  isAncestor,
  localBranchSha,
  publishBranch,
  readClaimRecord,
  uncommittedChanges,
  currentSessionId,
  loadCoordination,
  openWorkspace,
  type Workspace,
} from '@lanes/git';
import type { CommandContext } from '@lanes/git';
import { cleanUpAfterLanding, type CleanupReport } from './cleanup.js';
import type { BatchLanded } from './batch-landing.js';
import { discardLeftoverWorktrees } from './landing.js';
import { releaseMessages } from './messages.js';
import { startPinger } from './pinger.js';
import { recoverInterruptedLandings, type RecoveredLanding } from './recover.js';
import { oneReleaseAtATime } from './one-at-a-time.js';
import { parsePriority, parseStrategy } from './strategy.js';
import { landTurn } from './turn.js';
import { joinQueue, waitForTurn } from './wait-for-turn.js';

export interface ReleaseRequest {
  wait: boolean;
  strategy?: string;
  priority?: string;
}

export interface QueuedRelease {
  status: 'queued' | 'merging';
  prdId: string;
  position: number;
  sessionId: string;
  branch: string;
}

export interface CompletedRelease extends Omit<CleanupReport, 'notes'> {
  status: 'completed';
  prdId: string;
  mergeCommit: string;
  archivedTo: string;
  sessionId: string;
  branch: string;
  /** null when an interrupted landing was finished instead (its strategy is not recorded). */
  strategy: MergeStrategy | null;
  /** How often the quality check ran (what `mergeQueue.attempts` limits). */
  checks: number;
  /** How often `qualityFix` ran. */
  fixRuns: number;
  /** The check failed once and passed when run again on the same tree (retryFlaky). */
  flaky: boolean;
  /** True when this finished a landing that an interrupted release had pushed. */
  recovered: boolean;
  /** The session that ran the check and landed it (another one's when in its batch). */
  landedBy: string;
  /** The PRDs that landed in the same push, in order (this one alone: just it). */
  batch: string[];
  notes: string[];
}

export type ReleaseOutcome = QueuedRelease | CompletedRelease;

/**
 * `lanes release`: push the branch, join the merge queue, wait for the turn, land
 * exactly what was tested, then tidy up locally. Every refusal comes before the first
 * transaction; a failure after taking the merge slot leaves the lock `blocked`, except
 * a landing starved by pushes to main (queued again) and a claim taken over meanwhile
 * (E_NOT_OWNER, the lock is not this session's any more). One landing release per
 * session at a time (one-at-a-time.ts).
 */
export async function runRelease(
  ctx: CommandContext,
  request: ReleaseRequest,
): Promise<ReleaseOutcome> {
  if (request.strategy !== undefined) parseStrategy(request.strategy);
  if (request.priority !== undefined) parsePriority(request.priority);
  if (ctx.offline) {
    throw new LanesError('E_USAGE', releaseMessages.offline, { hint: releaseMessages.offlineHint });
  }
  const ws = await openWorkspace(ctx);
  const sessionId = await currentSessionId(ctx, ws);
  // Joining the queue (--no-wait) takes nothing from a landing in flight.
  if (!request.wait || sessionId === null) return release(ctx, ws, request);
  return oneReleaseAtATime(ctx, ws.repo, sessionId, () => release(ctx, ws, request));
}

async function release(
  ctx: CommandContext,
  ws: Workspace,
  request: ReleaseRequest,
): Promise<ReleaseOutcome> {
  const requested = request.strategy === undefined ? undefined : parseStrategy(request.strategy);
  const priority = request.priority === undefined ? undefined : parsePriority(request.priority);
  const recovered = await recoverInterruptedLandings(ctx, ws);
  const { state, config } = await loadCoordination(ctx, ws);
  const sessionId = await currentSessionId(ctx, ws);
  if (sessionId === null) {
    throw new LanesError('E_NO_SESSION', releaseMessages.noSession, {
      hint: releaseMessages.noSessionHint,
    });
  }
  const finished =
    recovered.find((landing) => landing.sessionId === sessionId) ??
    (await finishedElsewhere(ws, state, sessionId));
  if (finished !== undefined) {
    ctx.note(releaseMessages.recoveredLanding(finished.prdId, finished.mergeCommit, MAIN_BRANCH));
    return finishRecovered(ctx, ws, finished, config.mergeQueue.deleteOnComplete);
  }

  const lock = ownLock(state, sessionId, await currentBranch(ws.repo.git));
  const strategy = requested ?? config.mergeQueue.strategy;
  const dirty = await uncommittedChanges(ws.repo.git);
  if (dirty.length > 0) {
    throw new LanesError('E_LOCAL_STATE', releaseMessages.dirty(dirty), {
      hint: releaseMessages.dirtyHint,
      details: { reason: 'uncommitted changes', paths: dirty, files: dirty },
    });
  }
  const sourceSha = await releasedCommit(ctx, ws, lock.branch);
  // Releasing too early would complete the PRD with none of its work: refuse instead.
  if ((lock.completedStories ?? []).length === 0 && (await alreadyOnMain(ws, sourceSha))) {
    throw new LanesError('E_LOCAL_STATE', releaseMessages.nothingToLand(lock.branch, MAIN_BRANCH), {
      hint: releaseMessages.nothingToLandHint(lock.prdId),
      details: { reason: 'nothing to release', paths: [] },
    });
  }

  let landed: BatchLanded;
  try {
    const queued = await joinQueue(ctx, ws, sessionId, priority);
    if (!request.wait) {
      ctx.note(releaseMessages.queued(lock.prdId, queued.position));
      return {
        status: queued.lock.status === 'merging' ? 'merging' : 'queued',
        prdId: lock.prdId,
        position: queued.position,
        sessionId,
        branch: lock.branch,
      };
    }
    landed = await waitAndLand(ctx, ws, lock, config, state.registry, {
      configFile: state.configFile ?? DOCUMENT_PATHS.projectJson,
      strategy,
      sourceSha,
      title: findEntry(state.registry, lock.prdId)?.title ?? lock.prdId,
    });
  } catch (error) {
    throw await takenOverOr(ctx, ws, lock, error);
  }

  const cleanup = await cleanUpAfterLanding(ctx, ws, {
    sessionId,
    prdId: lock.prdId,
    branch: lock.branch,
    releasedSha: sourceSha,
    landedTip: landed.mainTip,
    deleteBranch: config.mergeQueue.deleteOnComplete,
  });
  return {
    status: 'completed',
    prdId: lock.prdId,
    mergeCommit: landed.mergeCommit,
    archivedTo: landed.entry.archivedTo,
    sessionId,
    branch: lock.branch,
    strategy,
    checks: landed.checks,
    fixRuns: landed.fixRuns,
    flaky: landed.flaky,
    recovered: false,
    landedBy: landed.landedBy,
    batch: landed.batch,
    branchDeleted: cleanup.branchDeleted,
    localBranchDeleted: cleanup.localBranchDeleted,
    remoteBranchDeleted: cleanup.remoteBranchDeleted,
    worktreeBranch: cleanup.worktreeBranch,
    notes: cleanup.notes,
  };
}

/**
 * Waits for the merge slot and lands (this PRD alone, a batch for others too, or what
 * another holder's batch made of it), pinging all along (quietly while it pushes).
 */
async function waitAndLand(
  ctx: CommandContext,
  ws: Workspace,
  lock: SessionLock,
  config: LanesConfig,
  registry: PrdRegistryDocument,
  landing: { configFile: string; strategy: MergeStrategy; sourceSha: string; title: string },
): Promise<BatchLanded> {
  const { sessionId, prdId, branch } = lock;
  const pinger = startPinger(
    ws.repo,
    ws.coords,
    { sessionId, prdId },
    pingIntervalMs(config),
    (error) => ctx.note(releaseMessages.pingFailed(error)),
    (note) => ctx.note(note),
  );
  try {
    const turn = await waitForTurn(ctx, ws, sessionId);
    const run = {
      ctx,
      ws,
      sessionId,
      prdId,
      branch,
      config,
      ...landing,
      quietPings: <T>(work: () => Promise<T>) => pinger.quiet(work),
      onStage: (stage: ReleaseStage) => pinger.stage(stage),
    };
    return await landTurn(run, turn, registry);
  } finally {
    await pinger.stop();
  }
}

/**
 * The session's own lock went missing mid-run: when another session holds the PRD now
 * (a `lanes resume` by someone who saw this one stale), this release must stop, and
 * says so; any other failure is what it is.
 */
async function takenOverOr(
  ctx: CommandContext,
  ws: Workspace,
  lock: SessionLock,
  error: unknown,
): Promise<unknown> {
  if (!isLanesError(error) || error.code !== 'E_NO_SESSION') return error;
  const now = await loadCoordination(ctx, ws).catch(() => null);
  const holder = now === null ? undefined : lockForPrd(now.state.locks, lock.prdId);
  if (holder === undefined || holder.sessionId === lock.sessionId) return error;
  return new LanesError(
    'E_NOT_OWNER',
    releaseMessages.takenOver(lock.prdId, holder.sessionId, lock.sessionId),
    {
      hint: releaseMessages.takenOverHint(lock.prdId, lock.branch),
      details: { prdId: lock.prdId, holder: holder.sessionId, sessionId: lock.sessionId },
    },
  );
}

/**
 * This worktree's claim was completed by someone else's recovery (`lanes status` after
 * this session's release was interrupted): what is left is tidying up.
 */
async function finishedElsewhere(
  ws: Workspace,
  state: CoordinationState,
  sessionId: string,
): Promise<RecoveredLanding | undefined> {
  if (lockForSession(state.locks, sessionId) !== undefined) return undefined;
  const record = await readClaimRecord(ws.repo).catch(() => null);
  if (record === null || record.sessionId !== sessionId) return undefined;
  const entry = state.registry.completed.find(
    (done) => done.id === record.prdId && done.sessionId === sessionId,
  );
  if (entry?.mergeCommit === undefined) return undefined;
  return {
    prdId: entry.id,
    mergeCommit: entry.mergeCommit,
    sessionId,
    branch: record.branch,
    archivedTo: entry.archivedTo,
  };
}

/** The session's lock; the refusal that explains why there is none. */
function ownLock(state: CoordinationState, sessionId: string, branch: string | null): SessionLock {
  const lock = lockForSession(state.locks, sessionId);
  if (lock !== undefined) return lock;
  const other = branch === null ? undefined : lockForBranch(state.locks, branch);
  if (other !== undefined) {
    throw new LanesError(
      'E_NOT_OWNER',
      releaseMessages.notOwner(other.prdId, other.branch, other.sessionId, sessionId),
      {
        hint: releaseMessages.notOwnerHint(other.prdId),
        details: { prdId: other.prdId, holder: other.sessionId, sessionId },
      },
    );
  }
  throw new LanesError('E_NO_SESSION', `session ${sessionId} holds no claim`, {
    hint: releaseMessages.noSessionHint,
    details: { sessionId },
  });
}

/**
 * The commit to release: the local branch, pushed first so the remote has what the
 * queue tests; without a local branch, what the remote has.
 */
async function alreadyOnMain(ws: Workspace, sha: string): Promise<boolean> {
  const mainTip = await fetchBranchTip(ws.repo, ws.coords.remote, MAIN_BRANCH, { track: true });
  return mainTip !== null && (await isAncestor(ws.repo.git, sha, mainTip));
}

async function releasedCommit(ctx: CommandContext, ws: Workspace, branch: string): Promise<string> {
  const local = await localBranchSha(ws.repo.git, branch);
  if (local !== null) {
    if ((await publishBranch(ws.repo, ws.coords.remote, branch, local)) === 'pushed') {
      ctx.note(releaseMessages.published(branch, ws.coords.remote));
    }
    return local;
  }
  const remote = await fetchBranchTip(ws.repo, ws.coords.remote, branch);
  if (remote !== null) return remote;
  throw new LanesError('E_GIT', releaseMessages.branchMissing(branch, ws.coords.remote), {
    hint: releaseMessages.branchMissingHint,
    details: { branch },
  });
}

/** This session's landing was interrupted and has just been finished: tidy up after it. */
async function finishRecovered(
  ctx: CommandContext,
  ws: Workspace,
  landing: RecoveredLanding,
  deleteBranch: boolean,
): Promise<CompletedRelease> {
  const [released, mainTip] = await Promise.all([
    fetchBranchTip(ws.repo, ws.coords.remote, landing.branch),
    fetchBranchTip(ws.repo, ws.coords.remote, MAIN_BRANCH, { track: true }),
  ]);
  await discardLeftoverWorktrees(ctx, ws.repo, landing.prdId);
  const cleanup = await cleanUpAfterLanding(ctx, ws, {
    sessionId: landing.sessionId,
    prdId: landing.prdId,
    branch: landing.branch,
    releasedSha: released,
    landedTip: mainTip ?? landing.mergeCommit,
    deleteBranch,
  });
  return {
    status: 'completed',
    prdId: landing.prdId,
    mergeCommit: landing.mergeCommit,
    archivedTo: landing.archivedTo,
    sessionId: landing.sessionId,
    branch: landing.branch,
    strategy: null,
    checks: 0,
    fixRuns: 0,
    flaky: false,
    recovered: true,
    landedBy: landing.sessionId,
    batch: [landing.prdId],
    branchDeleted: cleanup.branchDeleted,
    localBranchDeleted: cleanup.localBranchDeleted,
    remoteBranchDeleted: cleanup.remoteBranchDeleted,
    worktreeBranch: cleanup.worktreeBranch,
    notes: cleanup.notes,
  };
}
