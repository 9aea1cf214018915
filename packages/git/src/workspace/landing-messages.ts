// The user-facing strings of the landing helpers (release: temporary worktree,
// rebase, publishing and deleting branches).

export const landingMessages = {
  branchDiverged: (remote: string, branch: string) =>
    `${remote}/${branch} has commits that the local ${branch} lacks`,
  branchDivergedHint: (remote: string, branch: string) =>
    `integrate them first (git pull --rebase ${remote} ${branch}), then run the command again`,
  branchMoved: (remote: string, branch: string) =>
    `${remote}/${branch} moved while lanes was publishing it`,
  branchMovedHint: 'someone else pushes to this branch; fetch it, integrate, and try again',
};

/**
 * The exact commands after a conflict: the same in the hint, the guide and troubleshooting.
 * `GIT_EDITOR=true`: a plain `git rebase --continue` opens an editor for the message,
 * which fails or hangs for an agent without a terminal.
 */
export const CONTINUE_REBASE = 'GIT_EDITOR=true git rebase --continue';
export const REBASE_CONFLICT_STEPS = [
  'edit the conflicting files',
  'git add <files>',
  CONTINUE_REBASE,
  'lanes sync',
];
