import {
  clearClaimRecord,
  currentBranch,
  deleteLocalBranch,
  deleteRemoteBranchAt,
  fastForwardTo,
  forgetSessionId,
  localBranchSha,
  readClaimRecord,
  removeLiveness,
  switchToBranch,
  switchToNewBranch,
  uncommittedChanges,
  type Repository,
  type Workspace,
} from '@lanes/git';
import type { CommandContext } from '@lanes/git';
import { releaseMessages } from './messages.js';
import { MAIN_BRANCH } from '@lanes/core';

// After the PRD is completed on the remote, the local leftovers: the heartbeat ref,
// the checkout, the branch, the claim record and the session. The release has
// succeeded by now, so each step is best effort and says what it left behind.

export interface CleanupRequest {
  sessionId: string;
  prdId: string;
  branch: string;
  /**
   * The branch commit that was released; the branch is deleted only while it is
   * there. null: the remote has no such branch any more (nothing to compare with).
   */
  releasedSha: string | null;
  /** main's tip after the landing. */
  landedTip: string;
  deleteBranch: boolean;
}

export interface CleanupReport {
  branchDeleted: boolean;
  localBranchDeleted: boolean;
  remoteBranchDeleted: boolean;
  /** The branch this worktree has checked out afterwards. */
  worktreeBranch: string | null;
  notes: string[];
}

export async function cleanUpAfterLanding(
  ctx: CommandContext,
  ws: Workspace,
  request: CleanupRequest,
): Promise<CleanupReport> {
  const { repo, coords } = ws;
  const notes: string[] = [];
  const note = (message: string) => {
    notes.push(message);
    ctx.note(message);
  };
  const failed = (what: string) => (error: unknown) =>
    note(
      releaseMessages.cleanupFailed(what, error instanceof Error ? error.message : String(error)),
    );

  await removeLiveness(repo, coords.remote, request.sessionId).catch(
    failed('remove the heartbeat ref'),
  );

  let worktreeBranch = await currentBranch(repo.git);
  // A linked worktree (as `lanes claim --worktree` makes) is the user's to remove.
  const leftLinked = worktreeBranch === request.branch && repo.gitDir !== repo.commonDir;
  if (worktreeBranch === request.branch) {
    if (leftLinked) note(releaseMessages.linkedWorktreeLeft(repo.root, request.branch));
    else if (await switchToMain(repo, request.landedTip, note)) worktreeBranch = MAIN_BRANCH;
  } else if (worktreeBranch === MAIN_BRANCH) {
    if ((await uncommittedChanges(repo.git)).length === 0) {
      if (!(await fastForwardTo(repo.git, request.landedTip))) {
        note(releaseMessages.fastForwardFailed(MAIN_BRANCH));
      }
    }
  }

  let localBranchDeleted = false;
  let remoteBranchDeleted = false;
  if (request.deleteBranch) {
    const localSha = await localBranchSha(repo.git, request.branch);
    localBranchDeleted =
      localSha === null ||
      (localSha === request.releasedSha &&
        worktreeBranch !== request.branch &&
        (await deleteLocalBranch(repo.git, request.branch)));
    if (!localBranchDeleted) {
      note(
        leftLinked && localSha === request.releasedSha
          ? releaseMessages.linkedBranchKept(repo.root, request.branch)
          : releaseMessages.localBranchKept(request.branch),
      );
    }
    remoteBranchDeleted =
      request.releasedSha === null ||
      (await deleteRemoteBranch(repo, coords.remote, request.branch, request.releasedSha, note));
  }

  const record = await readClaimRecord(repo).catch(() => null);
  if (
    record !== null &&
    (record.sessionId === request.sessionId || record.prdId === request.prdId)
  ) {
    await clearClaimRecord(repo).catch(failed('clear the claim record'));
  }
  await forgetSessionId(repo, request.sessionId).catch(failed('forget the session'));

  return {
    branchDeleted: localBranchDeleted && remoteBranchDeleted,
    localBranchDeleted,
    remoteBranchDeleted,
    worktreeBranch,
    notes,
  };
}

/** Puts the main worktree on main at the landed tip; false (with a note) when git refuses. */
async function switchToMain(
  repo: Repository,
  landedTip: string,
  note: (message: string) => void,
): Promise<boolean> {
  try {
    if ((await localBranchSha(repo.git, MAIN_BRANCH)) === null) {
      await switchToNewBranch(repo.git, MAIN_BRANCH, landedTip);
    } else {
      await switchToBranch(repo.git, MAIN_BRANCH);
      if (!(await fastForwardTo(repo.git, landedTip))) {
        note(releaseMessages.fastForwardFailed(MAIN_BRANCH));
      }
    }
    note(releaseMessages.switchedToMain(MAIN_BRANCH));
    return true;
  } catch (error) {
    note(
      releaseMessages.switchFailed(
        MAIN_BRANCH,
        error instanceof Error ? error.message : String(error),
      ),
    );
    return false;
  }
}

/** Deletes the released remote branch; false (with a note saying why) when it stays. */
async function deleteRemoteBranch(
  repo: Repository,
  remote: string,
  branch: string,
  releasedSha: string,
  note: (message: string) => void,
): Promise<boolean> {
  const outcome = await deleteRemoteBranchAt(repo, remote, branch, releasedSha).catch(
    (error: unknown) => ({
      kind: 'failed' as const,
      reason: error instanceof Error ? error.message : String(error),
    }),
  );
  if (outcome.kind === 'deleted') return true;
  if (outcome.kind === 'moved') note(releaseMessages.remoteBranchMoved(branch, remote));
  else if (outcome.kind === 'refused') {
    note(releaseMessages.remoteBranchRefused(branch, remote, [...outcome.said, outcome.reason]));
  } else note(releaseMessages.cleanupFailed(`delete ${remote}/${branch}`, outcome.reason));
  return false;
}
