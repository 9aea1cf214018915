export type KillPoint =
  | 'after-fetch'
  | 'after-commit'
  | 'before-push'
  | 'after-push'
  | 'holding-lock'
  /** claim/resume --worktree: the start is recorded, its folder not made yet. */
  | 'start-recorded'
  /** claim/resume: the branch is checked out, the worktree does not record the claim yet. */
  | 'after-checkout';

/**
 * Test hook: with LANES_TEST_KILL_AT=<point> the process kills itself with SIGKILL there,
 * so tests can prove a transaction is all-or-nothing whenever it dies.
 */
export function killPoint(point: KillPoint): void {
  if (process.env.LANES_TEST_KILL_AT === point) process.kill(process.pid, 'SIGKILL');
}
