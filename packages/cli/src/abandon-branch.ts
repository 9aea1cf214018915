import {
  isLanesError,
  LanesError,
  MAIN_BRANCH,
  protectedBranchReason,
  type CoordinationState,
} from '@lanes/core';
import {
  currentBranch,
  deleteLocalBranch,
  deleteRemoteBranch,
  detachAt,
  fetchBranchTip,
  localBranchSha,
  switchToBranch,
  switchToNewBranch,
  uncommittedChanges,
  worktreeOfBranch,
  type Workspace,
} from '@lanes/git';
import type { AbandonResult } from './results.js';

// What `lanes abandon` (and the re-run of an interrupted one) does with the PRD's
// branch once the state says abandoned: leave it when this worktree is on it, then
// delete it here and on the remote. Each step that cannot be done is reported, never
// half done: the tip sha is in reason.md.

/**
 * Moves this worktree off the branch: onto main (created from the remote's main when
 * there is no local one), or detached at main's tip when main is checked out in another
 * worktree. Returns where it went, or null when there is no main to go to.
 */
async function leaveBranch(ws: Workspace): Promise<string | null> {
  const { git } = ws.repo;
  const localMain = await localBranchSha(git, MAIN_BRANCH);
  const mainAt = await worktreeOfBranch(git, MAIN_BRANCH);
  if (localMain !== null && mainAt === null) {
    await switchToBranch(git, MAIN_BRANCH);
    return MAIN_BRANCH;
  }
  const tip =
    localMain ?? (await fetchBranchTip(ws.repo, ws.coords.remote, MAIN_BRANCH, { track: true }));
  if (tip === null) return null;
  if (localMain === null) {
    await switchToNewBranch(git, MAIN_BRANCH, tip);
    return MAIN_BRANCH;
  }
  await detachAt(git, tip);
  return `${MAIN_BRANCH} (detached: ${MAIN_BRANCH} is checked out in ${mainAt})`;
}

/** The PRD's branch as abandon finds it, before the state changes: its tips, and whether it goes. */
export interface BranchPlan {
  branch: string;
  tips: { local: string | null; remote: string | null };
  deleting: boolean;
  onBranch: boolean;
  /** Why the branch stays although --keep-branch was not given. */
  keptBecause: string | undefined;
}

/** What became of the branch, as AbandonResult says it. */
export type BranchFate = Pick<
  AbandonResult,
  'branchDeleted' | 'localBranchDeleted' | 'remoteBranchDeleted' | 'switchedTo'
> & { notes: string[] };

export const NO_BRANCH: BranchFate = {
  branchDeleted: false,
  localBranchDeleted: false,
  remoteBranchDeleted: false,
  switchedTo: null,
  notes: [],
};

/** Refuses, before anything changed, when deleting the branch would lose uncommitted work here. */
export async function planBranch(
  ws: Workspace,
  state: CoordinationState,
  prdId: string,
  branch: string,
  keepBranch: boolean,
): Promise<BranchPlan> {
  const protectedBecause = protectedBranchReason(branch, ws.coords.branch, state.locks, prdId);
  const deleting = !keepBranch && protectedBecause === undefined;
  const onBranch = (await currentBranch(ws.repo.git)) === branch;
  if (deleting && onBranch) {
    const dirty = await uncommittedChanges(ws.repo.git);
    if (dirty.length > 0) throw uncommittedWorkError(branch, dirty);
  }
  return {
    branch,
    tips: {
      remote: await fetchBranchTip(ws.repo, ws.coords.remote, branch),
      local: await localBranchSha(ws.repo.git, branch),
    },
    deleting,
    onBranch,
    keptBecause: keepBranch ? undefined : protectedBecause,
  };
}

export async function disposeBranch(ws: Workspace, plan: BranchPlan): Promise<BranchFate> {
  if (!plan.deleting) {
    const notes = plan.keptBecause === undefined ? [] : [`kept the branch: ${plan.keptBecause}`];
    return { ...NO_BRANCH, notes };
  }
  const { branch, tips } = plan;
  const notes: string[] = [];
  let switchedTo: string | null = null;
  let local = tips.local === null;
  if (!local) {
    if (plan.onBranch) switchedTo = await leave(ws, notes);
    const canDelete = !plan.onBranch || switchedTo !== null;
    const elsewhere = canDelete ? await worktreeOfBranch(ws.repo.git, branch) : null;
    if (elsewhere !== null) {
      notes.push(`kept the local branch ${branch}: it is checked out in ${elsewhere}`);
    } else if (canDelete) {
      local = await deleteLocalBranch(ws.repo.git, branch);
      if (!local) notes.push(`git refused to delete the local branch ${branch}`);
    }
  }
  let remote = tips.remote === null;
  if (!remote) {
    try {
      remote = await deleteRemoteBranch(ws.repo, ws.coords.remote, branch);
      if (!remote) notes.push(`${ws.coords.remote} refused to delete ${branch}`);
    } catch (error) {
      // A remote that no longer has the branch may answer with an error: that is done.
      if (!isLanesError(error)) throw error;
      remote = await remoteBranchGone(ws, branch);
      if (!remote)
        notes.push(`could not delete ${branch} on ${ws.coords.remote}: ${error.message}`);
    }
  }
  return {
    branchDeleted: local && remote,
    localBranchDeleted: local && tips.local !== null,
    remoteBranchDeleted: remote && tips.remote !== null,
    switchedTo,
    notes,
  };
}

function uncommittedWorkError(branch: string, files: string[]): LanesError {
  const shown = files.slice(0, 5).join(', ') + (files.length > 5 ? ', …' : '');
  return new LanesError(
    'E_LOCAL_STATE',
    `this worktree is on ${branch} with uncommitted changes that deleting the branch would lose: ${shown}`,
    {
      hint: 'commit (and push) or stash them first, or keep the branch with --keep-branch',
      details: { reason: 'uncommitted changes', paths: files, branch, files },
    },
  );
}

async function leave(ws: Workspace, notes: string[]): Promise<string | null> {
  try {
    const to = await leaveBranch(ws);
    if (to === null) notes.push(`kept the local branch: there is no ${MAIN_BRANCH} to switch to`);
    return to;
  } catch (error) {
    if (!isLanesError(error)) throw error;
    notes.push(`kept the local branch: could not switch to ${MAIN_BRANCH}: ${error.message}`);
    return null;
  }
}

async function remoteBranchGone(ws: Workspace, branch: string): Promise<boolean> {
  return fetchBranchTip(ws.repo, ws.coords.remote, branch).then(
    (tip) => tip === null,
    () => false,
  );
}
