import { LanesError } from '../errors.js';
import type { SessionLock } from '../types.js';
import { lockForPrd } from './availability.js';
import { checkClaim, type ClaimCheckInput, type ClaimWarning } from './claim.js';
import { replaceEntry, without, type StateChange, type TransitionState } from './state-change.js';
import { isoSeconds } from './time.js';

export interface ClaimInput extends ClaimCheckInput {
  state: TransitionState;
  host?: string;
  user?: string;
  worktree?: string;
}

/**
 * The claim transaction: refuses exactly as `checkClaim` does and only then (it runs
 * again on every retry, against the newest state), then writes the lock and moves the
 * registry entry to `in_progress`.
 */
export function applyClaim(
  input: ClaimInput,
): StateChange & { lock: SessionLock; warnings: ClaimWarning[] } {
  const check = checkClaim(input);
  if (!check.ok) throw check.error;
  const { state, prdId, sessionId } = input;
  const { branch } = check;
  const entry = state.registry.prds.find((candidate) => candidate.id === prdId);
  if (entry === undefined || lockForPrd(state.locks, prdId) !== undefined) {
    throw new LanesError('E_INTERNAL', `checkClaim let ${prdId} through`);
  }

  const at = isoSeconds(input.now);
  const lock: SessionLock = {
    sessionId,
    prdId,
    prdFile: entry.file,
    branch,
    claimedAt: at,
    heartbeat: at,
    completedStories: [],
    status: 'in_progress',
    ...(input.host === undefined ? {} : { host: input.host }),
    ...(input.user === undefined ? {} : { user: input.user }),
    ...(input.worktree === undefined ? {} : { worktree: input.worktree }),
  };
  return {
    locks: { ...state.locks, sessions: [...state.locks.sessions, lock] },
    registry: replaceEntry(state.registry, prdId, (current) => ({
      ...without(current, 'blockedReason'),
      status: 'in_progress',
    })),
    files: [],
    lock,
    warnings: check.warnings,
  };
}
