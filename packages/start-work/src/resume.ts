import { hostname } from 'node:os';
import {
  applyResume,
  findEntry,
  LanesError,
  lockForPrd,
  undoResume,
  type PrdStatus,
  type SessionLock,
  MAIN_BRANCH,
} from '@lanes/core';
import {
  fetchBranchTip,
  isAncestor,
  localBranchSha,
  readUserName,
  remoteSettings,
  removeLiveness,
  commitTransition,
  type Coordination,
  type CommandContext,
  type Workspace,
} from '@lanes/git';
import {
  assertCheckoutPossible,
  chooseWorkPlace,
  completeStart,
  type BranchStart,
  type WorkPlace,
} from './complete-start.js';
import {
  chooseStartSession,
  withStartTurn,
  makeStartDurable,
  nothingLanded,
  unfinishedStart,
  type StartProgress,
} from './start-identity.js';
import type { StartResult } from './result.js';

export interface ResumeRequest {
  prdId: string;
  worktree: unknown;
  force: boolean;
}

/** `lanes resume`: take over a stale (or, with force, any) holder's claim. */
export async function resume(
  ctx: CommandContext,
  request: ResumeRequest,
  progress: StartProgress,
): Promise<StartResult> {
  const named = { worktree: request.worktree, named: request.prdId };
  return withStartTurn(ctx, named, async (ws, coordination, interrupted) => {
    if (interrupted !== null && interrupted.prdId !== request.prdId) {
      throw unfinishedStart(interrupted);
    }
    const place = await chooseWorkPlace(ctx, ws, request.worktree, request.prdId);
    const sessionId = await chooseStartSession(ctx, ws, place, coordination.state.locks);
    return resumeWith(ctx, ws, coordination, { ...request, sessionId, place }, progress);
  });
}

export interface StartOfResume {
  prdId: string;
  /** Who takes the claim over (its own session finishes an interrupted start). */
  sessionId: string;
  place: WorkPlace;
  force: boolean;
}

/** The resume once the worktree and the session are known; a claim's re-run finishes with it. */
export async function resumeWith(
  ctx: CommandContext,
  ws: Workspace,
  { state, liveness }: Coordination,
  { prdId, place, force, ...who }: StartOfResume,
  progress: StartProgress,
): Promise<StartResult> {
  const dryRun = applyResume({
    state,
    prdId,
    sessionId: who.sessionId,
    liveness,
    now: ctx.now(),
    force,
  });
  const { branch } = dryRun.lock;
  await assertCheckoutPossible(ws, place, branch);
  const start = await branchStart(ctx, ws, branch);
  if (place.defaulted) ctx.note(`note: no path given: the worktree goes to ${place.path}`);
  const durable = await makeStartDurable(ctx, ws, place, who.sessionId);
  const { sessionId } = durable;

  // What the transaction replaced, from the attempt that was committed: a failed
  // checkout puts it back.
  let before: { lock: SessionLock; status: PrdStatus } | undefined;
  const user = await readUserName(ws.repo);
  const { result, commit } = await commitTransition(
    ctx,
    ws,
    (current, now) => {
      const lock = lockForPrd(current.locks, prdId);
      const entry = findEntry(current.registry, prdId);
      if (lock !== undefined && entry !== undefined) before = { lock, status: entry.status };
      return applyResume({
        state: current,
        prdId,
        sessionId,
        liveness,
        now,
        force,
        host: hostname(),
        ...(user === undefined ? {} : { user }),
        worktree: place.path,
      });
    },
    (change) =>
      change.previousHolder === sessionId
        ? `chore: resume ${prdId} for ${sessionId}`
        : `chore: resume ${prdId} for ${sessionId} (was ${change.previousHolder})`,
  ).catch(async (error: unknown) => {
    if (nothingLanded(error)) await durable.forget();
    throw error;
  });
  progress.landed = prdId;

  // A fresh branch from main starts from the newest main: with coordination on main,
  // that is the resume commit.
  const from =
    start.kind === 'new' && start.from === MAIN_BRANCH && ws.coords.branch === MAIN_BRANCH
      ? { ...start, at: commit ?? start.at }
      : start;
  await completeStart(ctx, ws, {
    place,
    start: from,
    work: { sessionId, prdId, branch, claimedAt: result.lock.claimedAt },
    commit,
    what: `resume of ${prdId}`,
    undo: (current) =>
      before === undefined ? { ...current, files: [] } : undoResume(current, before, sessionId),
    durable,
    progress,
  });
  await removeTakenOverLiveness(ctx, ws, result.previousHolder, sessionId);

  return {
    sessionId,
    prdId,
    branch,
    worktree: place.path,
    startedFrom: start.kind === 'new' ? start.from : branch,
    commit,
    warnings: [],
    previousHolder: result.previousHolder,
  };
}

/**
 * The taken-over session's heartbeat ref goes with its claim: nobody pings it any more,
 * and left there it would stay for good (one more per resume). Best effort: the
 * takeover has happened whatever becomes of the ref.
 */
async function removeTakenOverLiveness(
  ctx: CommandContext,
  ws: Workspace,
  previousHolder: string | undefined,
  sessionId: string,
): Promise<void> {
  if (previousHolder === undefined || previousHolder === sessionId) return;
  const { heartbeatRefs } = await remoteSettings(ws.repo, ws.coords.remote);
  if (heartbeatRefs?.allowed === false) return;
  await removeLiveness(ws.repo, ws.coords.remote, previousHolder).catch((error: unknown) =>
    ctx.note(
      `note: could not remove the heartbeat ref of ${previousHolder}: ${error instanceof Error ? error.message : String(error)}`,
    ),
  );
}

/**
 * The branch as the stale session left it: the local branch (fast-forwarded when the
 * remote has moved on), else the remote's, else — never pushed — a fresh one from main.
 */
async function branchStart(
  ctx: CommandContext,
  ws: Workspace,
  branch: string,
): Promise<BranchStart> {
  const { repo, coords } = ws;
  const [remoteTip, localTip] = await Promise.all([
    fetchBranchTip(repo, coords.remote, branch),
    localBranchSha(repo.git, branch),
  ]);
  if (localTip !== null) {
    if (remoteTip === null || remoteTip === localTip) return { kind: 'existing' };
    if (await isAncestor(repo.git, localTip, remoteTip)) {
      return { kind: 'existing', fastForwardTo: remoteTip };
    }
    if (!(await isAncestor(repo.git, remoteTip, localTip))) {
      ctx.note(
        `note: the local ${branch} and ${coords.remote}/${branch} have diverged: keeping the local one`,
      );
    }
    return { kind: 'existing' };
  }
  if (remoteTip !== null) return { kind: 'new', at: remoteTip, from: `${coords.remote}/${branch}` };
  const mainTip = await fetchBranchTip(repo, coords.remote, MAIN_BRANCH, { track: true });
  if (mainTip === null) {
    throw new LanesError(
      'E_GIT',
      `${branch} exists neither here nor on ${coords.remote}, and there is no ${MAIN_BRANCH} to start it from`,
    );
  }
  ctx.note(`note: ${branch} was never pushed: it starts again from ${MAIN_BRANCH}`);
  return { kind: 'new', at: mainTip, from: MAIN_BRANCH };
}
