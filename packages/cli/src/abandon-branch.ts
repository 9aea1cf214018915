import { isLanesError, LanesError, MAIN_BRANCH } from '@lanes/core';
import {
  deleteLocalBranch,
  deleteRemoteBranch,
  detachAt,
  fetchBranchTip,
  localBranchSha,
  switchToBranch,
  switchToNewBranch,
  worktreeOfBranch,
  type Workspace,
} from '@lanes/git';

// What `lanes abandon` does with the PRD's branch once the state says abandoned:
// leave it when this worktree is on it, then delete it here and on the remote. Each
// step that cannot be done is reported, never half done: the tip sha is in reason.md.

export function uncommittedWorkError(branch: string, files: string[]): LanesError {
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

/**
 * Moves this worktree off the branch: onto main (created from the remote's main when
 * there is no local one), or detached at main's tip when main is checked out in another
 * worktree. Returns where it went, or null when there is no main to go to.
 */
export async function leaveBranch(ws: Workspace): Promise<string | null> {
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

export interface BranchRemoval {
  /** The local branch is gone (or there never was one). */
  local: boolean;
  /** The remote branch is gone (or there never was one). */
  remote: boolean;
  /** Where this worktree went when it was on the branch. */
  switchedTo: string | null;
  notes: string[];
}

export async function removeBranch(
  ws: Workspace,
  branch: string,
  tips: { local: string | null; remote: string | null },
  onBranch: boolean,
): Promise<BranchRemoval> {
  const notes: string[] = [];
  let switchedTo: string | null = null;
  let local = tips.local === null;
  if (!local) {
    if (onBranch) switchedTo = await leave(ws, notes);
    const canDelete = !onBranch || switchedTo !== null;
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
      remote = (await remoteBranchGone(ws, branch)) === true;
      if (!remote)
        notes.push(`could not delete ${branch} on ${ws.coords.remote}: ${error.message}`);
    }
  }
  return { local, remote, switchedTo, notes };
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

async function remoteBranchGone(ws: Workspace, branch: string): Promise<boolean | undefined> {
  try {
    return (await fetchBranchTip(ws.repo, ws.coords.remote, branch)) === null;
  } catch {
    return undefined;
  }
}
