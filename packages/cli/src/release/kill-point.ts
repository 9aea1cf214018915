// Test hook, like @lanes/git's: with LANES_TEST_KILL_AT=<point> the release kills itself
// there (SIGKILL, no cleanup), so tests can prove an interrupted landing is finished
// by the next `lanes release` or `lanes status`.

export type ReleaseKillPoint =
  /** Two-push landing: the merge commit is recorded, main does not have it yet. */
  | 'release-after-record'
  /** Two-push landing: main has the merge, the PRD is not completed yet. */
  | 'release-after-land';

export function releaseKillPoint(point: ReleaseKillPoint, env: NodeJS.ProcessEnv): void {
  if (env.LANES_TEST_KILL_AT === point) process.kill(process.pid, 'SIGKILL');
}
