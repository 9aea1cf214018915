import { MAIN_BRANCH, reservedBranchReason } from '../../rules/ids.js';
import type { CoordinationState, Diagnostic } from '../../types.js';
import { diagnostic } from '../diagnostic.js';
import { messages } from '../messages.js';
import { DOCUMENT_PATHS } from '../paths.js';
import { describePointer, joinPointer } from '../pointer.js';

/**
 * No PRD works on main or the coordination branch, or on a name that shadows them:
 * pushed, such a branch would make every lanes transaction of every session fail.
 */
export function reservedBranches(state: CoordinationState): Diagnostic[] {
  const reserved = [MAIN_BRANCH, state.config.coordination.branch];
  const check = (file: string, pointer: string, branch: string | undefined): Diagnostic[] => {
    const reason = branch === undefined ? undefined : reservedBranchReason(branch, reserved);
    if (reason === undefined) return [];
    return [
      diagnostic(
        file,
        pointer,
        'reserved-branch',
        messages.reservedBranch(describePointer(pointer), branch as string, reason),
      ),
    ];
  };
  return [
    ...state.registry.prds.flatMap((entry, index) =>
      check(
        DOCUMENT_PATHS.registry,
        joinPointer('', 'prds', index, 'branchName'),
        entry.branchName,
      ),
    ),
    ...state.locks.sessions.flatMap((lock, index) =>
      check(DOCUMENT_PATHS.locks, joinPointer('', 'sessions', index, 'branch'), lock.branch),
    ),
  ];
}
