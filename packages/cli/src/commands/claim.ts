import { hostname } from 'node:os';
import {
  applyClaim,
  chooseBestPrd,
  claimPairs,
  LanesError,
  normalizePrdId,
  onBranches,
  type CoordinationState,
  type Liveness,
  type PairRisk,
} from '@lanes/core';
import {
  branchRisks,
  fetchBranchTip,
  localBranchSha,
  newSessionId,
  readUserName,
} from '@lanes/git';
import type { Command } from '../command.js';
import type { CliContext } from '../context.js';
import { MAIN_BRANCH } from '../main-branch.js';
import { renderStarted } from '../render/start.js';
import {
  assertCheckoutPossible,
  checkOutWork,
  chooseWorkPlace,
  recordStartedWork,
  undoAfterFailedCheckout,
} from '../start-work.js';
import { undoClaim } from '../undo-start.js';
import {
  commitTransition,
  currentSessionId,
  loadCoordination,
  openWorkspace,
  syncLocalCheckout,
  type Workspace,
} from '../workspace.js';
import type { StartResult } from '../results.js';

export const claimCommand: Command = {
  name: 'claim',
  summary: 'claim a PRD and start its branch',
  usage: 'claim [<prd>] [--worktree [<path>]] [--force]',
  options: {
    worktree: {
      type: 'optional-string',
      valueName: 'path',
      description: 'claim in a new linked worktree (default <repo>-<slug>)',
    },
    force: {
      type: 'boolean',
      description: 'claim despite a high conflict risk, never a held PRD',
    },
  },
  maxPositionals: 1,
  movesBranches: true,
  async run(ctx, { values, positionals }) {
    const named = positionals[0] === undefined ? undefined : normalizePrdId(positionals[0]);
    const result = await claim(ctx, {
      named,
      worktree: values.worktree,
      force: values.force === true,
    });
    return { data: result, text: renderStarted('claimed', result, { color: ctx.color }) };
  },
};

interface ClaimRequest {
  named: string | undefined;
  worktree: unknown;
  force: boolean;
}

async function claim(ctx: CliContext, request: ClaimRequest): Promise<StartResult> {
  const ws = await openWorkspace(ctx);
  const { state, liveness } = await loadCoordination(ctx, ws);
  // A new worktree is a new session; this worktree keeps the one it has, or gets one.
  const here = typeof request.worktree !== 'string';
  const sessionId =
    (here ? await currentSessionId(ctx, ws) : ctx.sessionOverride) ?? newSessionId();

  // The same risk engine as `lanes conflicts`: real branches count too (a textual
  // conflict with an active branch is high), read once before the transaction.
  const { risks } = await branchRisks(
    ws.repo,
    ws.coords.remote,
    onBranches(state, claimPairs(state, request.named)),
    { offline: ctx.offline, shared: state.config.coordination.shared },
  );

  // Every coordination refusal first, on the state just read: nothing has changed yet.
  const prdId = request.named ?? best(ctx, state, sessionId, liveness, risks);
  const force = request.named !== undefined && request.force;
  const dryRun = applyClaim({ state, prdId, sessionId, liveness, now: ctx.now(), force, risks });
  const { branch } = dryRun.lock;

  const place = await chooseWorkPlace(ctx, ws, request.worktree, prdId);
  if ((await localBranchSha(ws.repo.git, branch)) !== null) throw branchExists(branch, prdId);
  await assertCheckoutPossible(ws, place, branch);
  const mainTip = await fetchBranchTip(ws.repo, ws.coords.remote, MAIN_BRANCH, { track: true });
  if (mainTip === null) throw noMain(ws);
  if (place.defaulted) ctx.note(`note: no path given: the worktree goes to ${place.path}`);

  const user = await readUserName(ws.repo);
  const { result, commit } = await commitTransition(
    ctx,
    ws,
    (current, now) =>
      applyClaim({
        state: current,
        prdId,
        sessionId,
        liveness,
        now,
        force,
        risks,
        host: hostname(),
        ...(user === undefined ? {} : { user }),
        worktree: place.path,
      }),
    () => `chore: claim ${prdId} for ${sessionId}`,
  );
  for (const warning of result.warnings) ctx.note(`warning: ${warning.message}`);

  // With coordination on main, the claim commit is the newest main: start from it.
  const start = ws.coords.branch === MAIN_BRANCH && commit !== null ? commit : mainTip;
  let target;
  try {
    target = await checkOutWork(ctx, ws, place, branch, {
      kind: 'new',
      at: start,
      from: MAIN_BRANCH,
    });
  } catch (error) {
    throw await undoAfterFailedCheckout(ctx, ws, error, `claim of ${prdId}`, (current) =>
      undoClaim(current, prdId, sessionId),
    );
  }
  await recordStartedWork(ctx, ws, target, place, {
    sessionId,
    prdId,
    branch,
    claimedAt: result.lock.claimedAt,
  });
  await syncLocalCheckout(ws, commit);

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
  ctx: CliContext,
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
