import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from '@lanes/git';

// Test hooks, like @lanes/git's. With LANES_TEST_KILL_AT=<point> the release kills itself
// there (SIGKILL, no cleanup), so tests can prove an interrupted landing is finished by
// the next `lanes release` or `lanes status`. With LANES_TEST_PAUSE_AT=<point> and
// LANES_TEST_PAUSE_DIR=<dir> it stops there until the test says go: a test lands another
// write in between deterministically, with no timing luck.

export type ReleaseKillPoint =
  /** Two-push landing: the merge commit is recorded, main does not have it yet. */
  | 'release-after-record'
  /** Two-push landing: main has the merge, the PRD is not completed yet. */
  | 'release-after-land'
  /** One-push landing (main coordinates): main has the merge and the completion. */
  | 'release-after-landing-push';

export type ReleasePausePoint =
  /** Holding the merge slot, tested, just before the landing's push with its lease. */
  'release-before-landing-push';

export function releaseKillPoint(point: ReleaseKillPoint, env: NodeJS.ProcessEnv): void {
  if (env.LANES_TEST_KILL_AT === point) process.kill(process.pid, 'SIGKILL');
}

/**
 * Each time the point is reached: writes `<dir>/<point>.<n>` (n = 1, 2, …), then waits
 * until the test creates `<dir>/<point>.<n>.go`.
 */
export async function releasePausePoint(
  point: ReleasePausePoint,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const dir = env.LANES_TEST_PAUSE_DIR;
  if (env.LANES_TEST_PAUSE_AT !== point || !dir) return;
  let n = 1;
  while (existsSync(join(dir, `${point}.${n}`))) n++;
  const reached = join(dir, `${point}.${n}`);
  writeFileSync(reached, `${process.pid}\n`);
  while (!existsSync(`${reached}.go`)) await sleep(20);
}
