import type { CliContext } from '../context.js';
import type { Workspace } from '../workspace.js';

/** A landing that was interrupted between its two pushes and has now been finished. */
export interface RecoveredLanding {
  prdId: string;
  mergeCommit: string;
}

/**
 * PLACEHOLDER (the release helper replaces it): with a coordination branch other than
 * main, a release lands on main and then records the state in a second push. When a
 * crash came between them, the recorded `mergeCommit` is on main but the PRD is not
 * completed yet: finish it. `lanes status` and `lanes release` call this first.
 */
export async function recoverInterruptedLandings(
  _ctx: CliContext,
  _ws: Workspace,
): Promise<RecoveredLanding[]> {
  return [];
}
