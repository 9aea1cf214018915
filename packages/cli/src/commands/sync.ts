import { applyUnblock, LanesError, lockForSession, MAIN_BRANCH } from '@lanes/core';
import {
  conflictingFiles,
  currentBranch,
  fetchBranchTip,
  publishBranch,
  rebaseCheckedOutBranch,
  rebaseInProgress,
  uncommittedChanges,
  claimingSession,
  commitTransition,
  loadCoordination,
  openWorkspace,
} from '@lanes/git';
import type { Command } from '../command.js';
import { syncMessages } from './sync-messages.js';
import type { SyncResult } from '../results.js';

// One recovery path for a branch that is behind main or whose release was blocked by a
// conflict: fetch, rebase the branch in this worktree onto the latest main, push it with
// a lease, clear the block. On a conflict git's rebase is left stopped for the user.
export const syncCommand: Command = {
  name: 'sync',
  summary: "rebase this session's branch onto the latest main, push it, clear a block",
  usage: 'sync',
  options: {},
  maxPositionals: 0,
  movesBranches: true,
  async run(ctx) {
    if (ctx.offline) throw new LanesError('E_USAGE', syncMessages.offline);
    const ws = await openWorkspace(ctx);
    const { sessionId } = await claimingSession(ctx, ws);
    const { state, liveness } = await loadCoordination(ctx, ws);
    const lock = sessionId === null ? undefined : lockForSession(state.locks, sessionId);
    if (sessionId === null || lock === undefined) {
      throw new LanesError('E_NO_SESSION', syncMessages.noSession, {
        hint: syncMessages.noSessionHint,
      });
    }
    const git = ws.repo.git;
    if (await rebaseInProgress(git)) {
      const files = await conflictingFiles(git);
      if (files.length > 0) throw conflict(lock.prdId, lock.branch, files);
      throw new LanesError('E_LOCAL_STATE', syncMessages.rebaseStopped, {
        hint: syncMessages.rebaseStoppedHint,
        details: { reason: 'rebase in progress', paths: [] },
      });
    }
    const branch = await currentBranch(git);
    if (branch !== lock.branch) {
      throw new LanesError('E_LOCAL_STATE', syncMessages.wrongBranch(lock.branch, branch), {
        hint: syncMessages.wrongBranchHint(lock.branch),
        details: { reason: 'not on the session branch', paths: [], branch: lock.branch },
      });
    }
    const dirty = await uncommittedChanges(git);
    if (dirty.length > 0) {
      throw new LanesError('E_LOCAL_STATE', syncMessages.dirty(dirty), {
        hint: syncMessages.dirtyHint,
        details: { reason: 'uncommitted changes', paths: dirty },
      });
    }

    const before = await git.check(['rev-parse', '--verify', 'HEAD']);
    const onto = await fetchBranchTip(ws.repo, ws.coords.remote, MAIN_BRANCH, { track: true });
    if (onto === null) throw new LanesError('E_REMOTE', syncMessages.noMain(ws.coords.remote));
    const rebase = await rebaseCheckedOutBranch(git, onto);
    if (rebase.kind === 'conflict') throw conflict(lock.prdId, lock.branch, rebase.files);
    const push = await publishBranch(ws.repo, ws.coords.remote, lock.branch, rebase.tip);

    let unblocked = false;
    if (lock.status === 'blocked') {
      const { result } = await commitTransition(
        ctx,
        ws,
        (current, now) => applyUnblock({ state: current, sessionId, liveness, now }),
        (change) => `chore: unblock ${change.lock.prdId} (${change.lock.sessionId}) after sync`,
      );
      unblocked = result.changed;
    }
    const data: SyncResult = {
      prdId: lock.prdId,
      branch: lock.branch,
      onto,
      tip: rebase.tip,
      rebased: rebase.tip !== before,
      push,
      unblocked,
    };
    return { data, text: syncMessages.done(data) };
  },
};

function conflict(prdId: string, branch: string, files: string[]): LanesError {
  return new LanesError('E_MERGE_CONFLICT', syncMessages.conflict(branch, files), {
    hint: syncMessages.conflictHint,
    details: { prdId, branch, files, next: syncMessages.conflictSteps },
  });
}
