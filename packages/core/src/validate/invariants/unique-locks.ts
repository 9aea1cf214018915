import type { Diagnostic, SessionLock, SessionLocksDocument } from '../../types.js';
import type { DiagnosticCode } from '../codes.js';
import { diagnostic } from '../diagnostic.js';
import { messages } from '../messages.js';
import { DOCUMENT_PATHS } from '../paths.js';
import { describePointer, joinPointer } from '../pointer.js';
import { repeats } from './repeats.js';

function duplicateLocksBy(
  locks: SessionLocksDocument,
  field: 'prdId' | 'sessionId' | 'branch',
  what: 'PRD' | 'session' | 'branch',
  code: DiagnosticCode,
): Diagnostic[] {
  return repeats(locks.sessions, (lock: SessionLock) => lock[field]).map(
    ({ item, index, firstIndex }) => {
      const pointer = joinPointer('', 'sessions', index, field);
      return diagnostic(
        DOCUMENT_PATHS.locks,
        pointer,
        code,
        messages.duplicateLock(
          what,
          item[field],
          describePointer(pointer),
          describePointer(joinPointer('', 'sessions', firstIndex)),
        ),
      );
    },
  );
}

export const duplicateLockPrds = (locks: SessionLocksDocument): Diagnostic[] =>
  duplicateLocksBy(locks, 'prdId', 'PRD', 'duplicate-lock-prd');

export const duplicateLockSessions = (locks: SessionLocksDocument): Diagnostic[] =>
  duplicateLocksBy(locks, 'sessionId', 'session', 'duplicate-lock-session');

export const duplicateLockBranches = (locks: SessionLocksDocument): Diagnostic[] =>
  duplicateLocksBy(locks, 'branch', 'branch', 'duplicate-lock-branch');
