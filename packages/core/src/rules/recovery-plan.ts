import type { LanesConfig, Liveness, SessionLock } from '../types.js';
import { lockLiveness } from './liveness.js';

// What to do with each lock that carries a recorded merge commit, once git has said
// which of those commits are on main. With a dedicated coordination branch a release
// records its merge commit, pushes it to main, then completes the PRD: a crash between
// the pushes leaves one of these.

export type RecoveryAction =
  /** The commit is on main: complete the PRD. */
  | 'complete'
  /** Not on main and its session stopped responding while merging: back to the queue. */
  | 'requeue'
  /** Not on main and not merging any more: forget the stale commit. */
  | 'clear'
  /**
   * Not on main yet, and its session is alive (or it is in another session's batch,
   * whose holder's staleness the merge queue deals with): it may be landing right now.
   */
  | 'leave';

export interface RecoveryStep {
  prdId: string;
  sessionId: string;
  branch: string;
  mergeCommit: string;
  action: RecoveryAction;
}

export function planRecovery(request: {
  locks: readonly SessionLock[];
  landed: ReadonlySet<string>;
  liveness: readonly Liveness[];
  config: Pick<LanesConfig, 'heartbeatTimeoutMinutes'>;
  now: Date;
}): RecoveryStep[] {
  const steps: RecoveryStep[] = [];
  for (const lock of request.locks) {
    if (lock.mergeCommit === undefined) continue;
    const step = {
      prdId: lock.prdId,
      sessionId: lock.sessionId,
      branch: lock.branch,
      mergeCommit: lock.mergeCommit,
    };
    if (request.landed.has(lock.mergeCommit)) {
      steps.push({ ...step, action: 'complete' });
    } else if (lock.status !== 'merging') {
      steps.push({ ...step, action: 'clear' });
    } else if (lock.mergedBy !== undefined) {
      steps.push({ ...step, action: 'leave' });
    } else {
      const { stale } = lockLiveness(lock, request.liveness, request.config, request.now);
      steps.push({ ...step, action: stale ? 'requeue' : 'leave' });
    }
  }
  return steps;
}
