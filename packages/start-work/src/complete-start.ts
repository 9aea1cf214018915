import { readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import {
  isLanesError,
  LanesError,
  prdSlug,
  type StateChange,
  type TransitionState,
} from '@lanes/core';
import {
  addWorktree,
  adoptSessionId,
  currentBranch,
  deleteLocalBranch,
  dirtyWorktreeError,
  fastForwardTo,
  killPoint,
  localBranchSha,
  openRepository,
  ping,
  removeWorktree,
  switchToBranch,
  switchToNewBranch,
  uncommittedChanges,
  worktreeOfBranch,
  writeClaimRecord,
  type Repository,
  commitTransition,
  syncLocalCheckout,
  type Workspace,
  type CommandContext,
} from '@lanes/git';
import { ensureWorktreeHooks, hooksInstalled } from '@lanes/hooks';
import { pathTaken } from './path-reservation.js';
import { finishStart, type DurableStart, type StartProgress } from './start-identity.js';

// The local half of `lanes claim` and `lanes resume`: where the work happens (this
// worktree or a new linked one), checking that the branch can be checked out there
// before any transaction, checking it out after, and recording the claim so the hooks
// see it. The order matters: refusals first, then the transaction, then the checkout,
// and a checkout that fails undoes the transaction.

export interface WorkPlace {
  /** `here`: this worktree; `new`: a linked worktree created for the claim. */
  kind: 'here' | 'new';
  /** Absolute path of the worktree that will hold the claim. */
  path: string;
  /** `--worktree` came without a path, so lanes chose one. */
  defaulted: boolean;
}

/** Where the branch starts: an existing local branch (maybe fast-forwarded), or a new one. */
export type BranchStart =
  { kind: 'existing'; fastForwardTo?: string } | { kind: 'new'; at: string; from: string };

/**
 * `--worktree` absent: this worktree. `--worktree` alone: a sibling folder
 * `<repo>-<slug>` of the main worktree. `--worktree <path>`: that path, which must not
 * exist yet. An empty folder passes here: it may be the reservation of an interrupted
 * start to finish; makeStartDurable decides, reserving the path for this start.
 */
export async function chooseWorkPlace(
  ctx: CommandContext,
  ws: Workspace,
  option: unknown,
  prdId: string,
): Promise<WorkPlace> {
  if (typeof option !== 'string') return { kind: 'here', path: ws.repo.root, defaulted: false };
  const defaulted = option === '';
  const path = defaulted ? defaultWorktreePath(ws.repo, prdId) : resolve(ctx.cwd, option);
  const entries = await readdir(path).catch((error: NodeJS.ErrnoException) =>
    error.code === 'ENOENT' ? [] : null,
  );
  if (entries === null || entries.length > 0) throw pathTaken(path);
  return { kind: 'new', path, defaulted };
}

/** `<main worktree>-<slug>` beside the main worktree (a linked worktree's siblings stay together). */
export function defaultWorktreePath(repo: Pick<Repository, 'root' | 'commonDir'>, prdId: string) {
  const main = basename(repo.commonDir) === '.git' ? dirname(repo.commonDir) : repo.root;
  return join(dirname(main), `${basename(main)}-${prdSlug(prdId)}`);
}

/**
 * Refuses, before anything changes, what would make the checkout fail or lose work:
 * uncommitted changes when this worktree has to switch branches, a branch checked out
 * in another worktree (git allows a branch in one worktree only).
 */
export async function assertCheckoutPossible(
  ws: Workspace,
  place: WorkPlace,
  branch: string,
): Promise<void> {
  const elsewhere = await worktreeOfBranch(ws.repo.git, branch);
  if (elsewhere !== null && elsewhere !== (place.kind === 'here' ? ws.repo.root : place.path)) {
    throw new LanesError('E_LOCAL_STATE', `${branch} is checked out in the worktree ${elsewhere}`, {
      // A stale session's worktree of this clone holds it as often as a live one does.
      hint: `run the command there, or free the branch there (git -C ${elsewhere} switch --detach: its commits stay on ${branch}) and run it again`,
      details: {
        reason: 'branch checked out elsewhere',
        paths: [elsewhere],
        branch,
        worktree: elsewhere,
      },
    });
  }
  if (place.kind !== 'here' || (await currentBranch(ws.repo.git)) === branch) return;
  const dirty = await uncommittedChanges(ws.repo.git);
  if (dirty.length > 0) throw dirtyWorktreeError(dirty);
}

/**
 * Checks the branch out where the work happens; the repository of that worktree.
 * A failure leaves no new branch or worktree behind (what this created is removed).
 */
async function checkOutWork(
  ctx: CommandContext,
  ws: Workspace,
  place: WorkPlace,
  branch: string,
  start: BranchStart,
): Promise<Repository> {
  const { git } = ws.repo;
  const existed = (await localBranchSha(git, branch)) !== null;
  try {
    if (place.kind === 'here') {
      if (start.kind === 'new') await switchToNewBranch(git, branch, start.at);
      else if ((await currentBranch(git)) !== branch) await switchToBranch(git, branch);
      await fastForwardIfAsked(ctx, git, branch, start);
      return ws.repo;
    }
    // An interrupted start may have created the worktree already: it is the one to use.
    if ((await worktreeOfBranch(git, branch)) !== place.path) {
      await addWorktree(ws.repo, place.path, branch, start.kind === 'new' ? start.at : '');
    }
    const repo = await openRepository(place.path, { env: ctx.env });
    await fastForwardIfAsked(ctx, repo.git, branch, start);
    return repo;
  } catch (error) {
    if (place.kind === 'new') await removeWorktree(ws.repo, place.path).catch(() => undefined);
    if (!existed && (await currentBranch(git)) !== branch) {
      await deleteLocalBranch(git, branch).catch(() => false);
    }
    throw error;
  }
}

async function fastForwardIfAsked(
  ctx: CommandContext,
  git: Repository['git'],
  branch: string,
  start: BranchStart,
): Promise<void> {
  if (start.kind !== 'existing' || start.fastForwardTo === undefined) return;
  if (!(await fastForwardTo(git, start.fastForwardTo))) {
    ctx.note(`note: could not fast-forward ${branch} to the remote's tip; pull it when ready`);
  }
}

/**
 * The claim is committed but the checkout failed: put the state back with a
 * compensating transaction (then `forget` what was recorded locally for it), and say
 * what happened either way.
 */
async function undoAfterFailedCheckout(
  ctx: CommandContext,
  ws: Workspace,
  error: unknown,
  what: string,
  undo: (state: TransitionState) => StateChange,
  forget: () => Promise<void>,
): Promise<unknown> {
  try {
    await commitTransition(ctx, ws, undo, () => `chore: undo ${what} (the checkout failed)`);
    await forget();
  } catch (undoError) {
    const reason = undoError instanceof Error ? undoError.message : String(undoError);
    if (!isLanesError(error)) return error;
    return new LanesError(
      error.code,
      `${error.message}; undoing the ${what} failed too: ${reason}`,
      {
        hint: `the ${what} still stands: fix the checkout and run 'lanes resume', or give it up with 'lanes abandon … --reason'`,
        cause: error,
        ...(error.details === undefined ? {} : { details: error.details }),
      },
    );
  }
  if (!isLanesError(error)) return error;
  return new LanesError(error.code, `${error.message}; the ${what} was undone`, {
    hint: error.hint ?? 'fix the checkout problem and run the command again',
    cause: error,
    ...(error.details === undefined ? {} : { details: error.details }),
  });
}

export interface StartedWork {
  sessionId: string;
  prdId: string;
  branch: string;
  claimedAt: string;
}

/**
 * Says so when the worktree's clone has no lanes hooks: a fresh clone of a repository
 * without husky has none, git does not share .git/hooks.
 */
export async function noteMissingHooks(ctx: CommandContext, path: string): Promise<void> {
  if (await hooksInstalled(path, { env: ctx.env }).catch(() => true)) return;
  ctx.note(
    "note: this clone has no lanes hooks: run 'lanes hooks install' once, so that commits refresh the heartbeat and pushes are checked",
  );
}

/**
 * After the checkout: the session and claim record in the worktree that holds the
 * claim (the hooks' fast path reads it), hooks that run in a new worktree, and a first
 * liveness ping. Hooks and the ping are best effort: the lock's heartbeat is fresh.
 */
async function recordStartedWork(
  ctx: CommandContext,
  ws: Workspace,
  target: Repository,
  place: WorkPlace,
  work: StartedWork,
  progress: StartProgress,
): Promise<void> {
  killPoint('after-checkout');
  if (place.kind === 'new') {
    try {
      await ensureWorktreeHooks(place.path, { env: ctx.env });
    } catch (error) {
      ctx.note(`note: the hooks may not run in ${place.path}: ${describe(error)}`);
    }
  }
  await noteMissingHooks(ctx, place.path);
  const recorded = await adoptSessionId(target, work.sessionId);
  if (recorded !== work.sessionId) {
    ctx.note(
      `note: this worktree's own session is ${recorded}; keep LANES_SESSION=${work.sessionId} (or --session) for this claim`,
    );
  }
  await writeClaimRecord(target, {
    sessionId: work.sessionId,
    prdId: work.prdId,
    branch: work.branch,
    remote: ws.coords.remote,
    coordinationBranch: ws.coords.branch,
    claimedAt: work.claimedAt,
  });
  progress.recorded = true;
  try {
    const { note } = await ping(
      target,
      ws.coords.remote,
      work.sessionId,
      { prdId: work.prdId, coordinationBranch: ws.coords.branch },
      ctx.now(),
    );
    if (note) ctx.note(note);
  } catch (error) {
    if (!isLanesError(error)) throw error;
    ctx.note(
      `note: the first heartbeat ping failed (${error.message}); the lock's heartbeat is fresh`,
    );
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface LandedStart {
  place: WorkPlace;
  start: BranchStart;
  work: StartedWork;
  /** The coordination commit of the transaction. */
  commit: string | null;
  /** `claim of <prd>`, `resume of <prd>`: what an undo names. */
  what: string;
  /** The compensating transition, should the checkout fail. */
  undo: (state: TransitionState) => StateChange;
  durable: DurableStart;
  progress: StartProgress;
}

/**
 * After the transaction of a claim or resume: the checkout (a failure undoes the
 * transaction), the start recorded in its worktree, and the user's checkout brought
 * along.
 */
export async function completeStart(
  ctx: CommandContext,
  ws: Workspace,
  landed: LandedStart,
): Promise<void> {
  const { place, work } = landed;
  let target;
  try {
    target = await checkOutWork(ctx, ws, place, work.branch, landed.start);
  } catch (error) {
    throw await undoAfterFailedCheckout(
      ctx,
      ws,
      error,
      landed.what,
      landed.undo,
      landed.durable.forget,
    );
  }
  await recordStartedWork(ctx, ws, target, place, work, landed.progress);
  await finishStart(ws, place);
  await syncLocalCheckout(ws, landed.commit);
}
