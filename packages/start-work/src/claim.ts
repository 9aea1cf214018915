import { hostname } from 'node:os';
import {
  applyClaim,
  chooseBestPrd,
  claimPairs,
  isLanesError,
  LanesError,
  NO_SESSION,
  onBranches,
  undoClaim,
  type CoordinationState,
  type Liveness,
  type PairRisk,
  MAIN_BRANCH,
} from '@lanes/core';
import {
  branchRisks,
  fetchBranchTip,
  localBranchSha,
  readSessionId,
  readUserName,
  commitTransition,
  type Coordination,
  type CommandContext,
  type Workspace,
} from '@lanes/git';
import { assertCheckoutPossible, chooseWorkPlace, completeStart } from './complete-start.js';
import {
  chooseStartSession,
  withStartTurn,
  makeStartDurable,
  nothingLanded,
  unfinishedStart,
  type StartProgress,
} from './start-identity.js';
import type { StartResult } from './result.js';
import { resumeWith } from './resume.js';

export interface ClaimRequest {
  /** The PRD named on the command line; none: the best available one. */
  named: string | undefined;
  /** `--worktree`: absent, '' (lanes picks the path) or a path. */
  worktree: unknown;
  force: boolean;
}

/** `lanes claim`: the claim transaction, then the checkout where the work happens. */
export async function claim(
  ctx: CommandContext,
  request: ClaimRequest,
  progress: StartProgress,
): Promise<StartResult> {
  return withStartTurn(ctx, request, async (ws, coordination, interrupted) => {
    if (interrupted === null) return claimWith(ctx, ws, coordination, request, progress);
    if (request.named !== undefined && request.named !== interrupted.prdId) {
      throw unfinishedStart(interrupted);
    }
    // Its claim landed, its checkout did not happen: a resume of its own lock finishes it.
    ctx.note(
      `note: finishing the interrupted claim of ${interrupted.prdId} (${interrupted.sessionId})`,
    );
    const { previousHolder: _self, ...result } = await resumeWith(
      ctx,
      ws,
      coordination,
      { ...interrupted, force: false },
      progress,
    );
    return result;
  });
}

async function claimWith(
  ctx: CommandContext,
  ws: Workspace,
  { state, liveness }: Coordination,
  request: ClaimRequest,
  progress: StartProgress,
): Promise<StartResult> {
  const here = typeof request.worktree !== 'string';
  // Who would claim, for picking: this worktree's session; a new worktree has none yet.
  const picker =
    ctx.sessionOverride ?? (here ? await readSessionId(ws.repo, ctx.env) : null) ?? NO_SESSION;

  // The same risk engine as `lanes conflicts`: real branches count too (a textual
  // conflict with an active branch is high), read once before the transaction.
  const { risks } = await branchRisks(
    ws.repo,
    ws.coords.remote,
    onBranches(state, claimPairs(state, request.named)),
    { offline: ctx.offline, shared: state.config.coordination.shared },
  );

  // Every coordination refusal first, on the state just read: nothing has changed yet.
  const prdId = request.named ?? best(ctx, state, picker, liveness, risks);
  const samePick = request.named === undefined && request.worktree === '';
  const explainPath = (error: unknown): never => {
    throw samePick ? pickedPathTaken(error, prdId) : error;
  };
  const place = await chooseWorkPlace(ctx, ws, request.worktree, prdId).catch(explainPath);
  const chosen = await chooseStartSession(ctx, ws, place, state.locks);
  const rule = {
    prdId,
    liveness,
    force: request.force,
    picked: request.named === undefined,
    risks,
  };
  const dryRun = applyClaim({ ...rule, state, sessionId: chosen, now: ctx.now() });
  const { branch } = dryRun.lock;

  if ((await localBranchSha(ws.repo.git, branch)) !== null) throw branchExists(branch, prdId);
  await assertCheckoutPossible(ws, place, branch);
  const mainTip = await fetchBranchTip(ws.repo, ws.coords.remote, MAIN_BRANCH, { track: true });
  if (mainTip === null) throw noMain(ws);
  if (place.defaulted) ctx.note(`note: no path given: the worktree goes to ${place.path}`);

  const durable = await makeStartDurable(ctx, ws, place, chosen).catch(explainPath);
  const { sessionId } = durable;
  const user = await readUserName(ws.repo);
  const { result, commit } = await commitTransition(
    ctx,
    ws,
    (current, now) =>
      applyClaim({
        ...rule,
        state: current,
        sessionId,
        now,
        host: hostname(),
        ...(user === undefined ? {} : { user }),
        worktree: place.path,
      }),
    () => `chore: claim ${prdId} for ${sessionId}`,
  ).catch(async (error: unknown) => {
    if (nothingLanded(error)) await durable.forget();
    throw error;
  });
  progress.landed = prdId;
  for (const warning of result.warnings) ctx.note(`warning: ${warning.message}`);

  // With coordination on main, the claim commit is the newest main: start from it.
  const start = ws.coords.branch === MAIN_BRANCH && commit !== null ? commit : mainTip;
  await completeStart(ctx, ws, {
    place,
    start: { kind: 'new', at: start, from: MAIN_BRANCH },
    work: { sessionId, prdId, branch, claimedAt: result.lock.claimedAt },
    commit,
    what: `claim of ${prdId}`,
    undo: (current) => undoClaim(current, prdId, sessionId),
    durable,
    progress,
  });

  return {
    sessionId,
    prdId,
    branch,
    worktree: place.path,
    startedFrom: MAIN_BRANCH,
    commit,
    warnings: result.warnings,
  };
}

/** With no PRD named: the best available one, or why there is none. */
function best(
  ctx: CommandContext,
  state: CoordinationState,
  sessionId: string,
  liveness: readonly Liveness[],
  risks: readonly PairRisk[],
): string {
  const choice = chooseBestPrd({ state, sessionId, liveness, now: ctx.now(), risks });
  if (!choice.ok) throw choice.error;
  ctx.note(`note: claiming ${choice.prdId}, the best available PRD (risk ${choice.risk})`);
  return choice.prdId;
}

/**
 * Agents that start at the same moment in one clone all pick the same best PRD, and so
 * its default path: the ones that lose the path need only run the command again, which
 * picks among the PRDs still available once the winner's claim has landed.
 */
function pickedPathTaken(error: unknown, prdId: string): unknown {
  if (!isLanesError(error) || error.details?.['reason'] !== 'path exists') return error;
  return new LanesError('E_LOCAL_STATE', error.message, {
    hint: `another start may have picked ${prdId} at the same moment and be making its worktree there: run the same command again in a few seconds, it picks among the PRDs still available (no start running: the folder is left over, remove it or pass --worktree <path>)`,
    details: error.details as { reason: string; paths: string[] },
  });
}

function branchExists(branch: string, prdId: string): LanesError {
  return new LanesError('E_LOCAL_STATE', `a local branch ${branch} exists already`, {
    hint: `${prdId} starts a fresh ${branch} from ${MAIN_BRANCH}: delete or rename the old one first (git branch -m ${branch} <new-name>)`,
    details: { reason: 'branch exists', paths: [], branch },
  });
}

function noMain(ws: Workspace): LanesError {
  return new LanesError(
    'E_GIT',
    `${ws.coords.remote} has no ${MAIN_BRANCH} branch to start the work from`,
    { hint: `push ${MAIN_BRANCH} to ${ws.coords.remote} first` },
  );
}
