import type { SessionLocksDocument } from '../types.js';
import { MAIN_BRANCH } from './ids.js';

/**
 * Why a branch must survive an abandon of `prdId` whatever the flags say; undefined
 * when it may go: main, the coordination branch, and a branch another lock uses stay.
 */
export function protectedBranchReason(
  branch: string,
  coordinationBranch: string,
  locks: SessionLocksDocument,
  prdId: string,
): string | undefined {
  if (branch === MAIN_BRANCH) return `${branch} is the main branch`;
  if (branch === coordinationBranch) return `${branch} is the coordination branch`;
  const other = locks.sessions.find((lock) => lock.branch === branch && lock.prdId !== prdId);
  if (other !== undefined) return `${branch} is in use by ${other.sessionId} for ${other.prdId}`;
  return undefined;
}
