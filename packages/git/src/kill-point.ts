export type KillPoint =
  'after-fetch' | 'after-commit' | 'before-push' | 'after-push' | 'holding-lock';

/**
 * Test hook: with LANES_TEST_KILL_AT=<point> the process kills itself with SIGKILL there,
 * so tests can prove a transaction is all-or-nothing whenever it dies.
 */
export function killPoint(point: KillPoint): void {
  if (process.env.LANES_TEST_KILL_AT === point) process.kill(process.pid, 'SIGKILL');
}
