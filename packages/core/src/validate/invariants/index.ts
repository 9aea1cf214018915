import type { CoordinationState, Diagnostic } from '../../types.js';
import { dependencyCycles } from './dependency-cycles.js';
import {
  KnownPaths,
  missingArchives,
  missingLockPrdFiles,
  missingPrdFiles,
} from './file-existence.js';
import {
  blockedWithoutReason,
  heartbeatBeforeClaim,
  multipleMerging,
  queuedWithoutTime,
} from './lock-fields.js';
import { inProgressWithoutLock, lockPrdsNotActive, lockUnknownPrds } from './locks-registry.js';
import { prdIdMismatches } from './prd-ids.js';
import { unknownConflictPrds, unknownDependencies } from './references.js';
import { reservedBranches } from './reserved-branches.js';
import { storiesCompletedExceedsTotal } from './story-counts.js';
import { unknownStories } from './stories.js';
import { duplicateLockBranches, duplicateLockPrds, duplicateLockSessions } from './unique-locks.js';
import { duplicatePrdIds } from './unique-prd-ids.js';

export interface InvariantOptions {
  /** Every file that exists (see RawDocuments.paths); existence is checked only when given. */
  paths?: readonly string[];
}

/** Every invariant of FORMATS.md beyond the schemas, over a schema-valid state. */
export function checkInvariants(
  state: CoordinationState,
  options: InvariantOptions = {},
): Diagnostic[] {
  const { locks, registry } = state;
  const problems = [
    ...duplicatePrdIds(registry),
    ...duplicateLockPrds(locks),
    ...duplicateLockSessions(locks),
    ...duplicateLockBranches(locks),
    ...lockUnknownPrds(locks, registry),
    ...lockPrdsNotActive(locks, registry),
    ...inProgressWithoutLock(locks, registry),
    ...unknownDependencies(registry),
    ...unknownConflictPrds(registry),
    ...dependencyCycles(registry),
    ...storiesCompletedExceedsTotal(registry),
    ...heartbeatBeforeClaim(locks),
    ...blockedWithoutReason(locks),
    ...queuedWithoutTime(locks),
    ...multipleMerging(locks),
    ...unknownStories(state),
    ...prdIdMismatches(state),
    ...reservedBranches(state),
  ];
  if (options.paths !== undefined) {
    const known = new KnownPaths(options.paths);
    problems.push(
      ...missingPrdFiles(registry, known),
      ...missingArchives(registry, known),
      ...missingLockPrdFiles(locks, known),
    );
  }
  return problems;
}
