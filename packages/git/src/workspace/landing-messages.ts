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
