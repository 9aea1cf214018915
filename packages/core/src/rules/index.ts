export * from './ids.js';
export { availableIds, inconsistentState, NO_SESSION, notActive, unknownPrd } from './refusals.js';
export { isoSeconds, utcDate } from './time.js';
export * from './liveness.js';
export * from './availability.js';
export * from './sessions.js';
export * from './status-views.js';
export * from './status-report.js';
export * from './risk-level.js';
export * from './risk.js';
export * from './path-risk.js';
export { globsOverlap, globWithin, pathMatchesAny, expandBraces } from './glob-overlap.js';
export * from './active-risk.js';
export * from './risk-pairs.js';
export * from './conflicts-write.js';
export * from './claim.js';
export * from './choose.js';
export * from './queue.js';
export * from './archive.js';
export {
  unchanged,
  type FileChange,
  type StateChange,
  type TransitionState,
} from './state-change.js';
export * from './apply-claim.js';
export * from './apply-heartbeat.js';
export * from './heartbeat-progress.js';
export * from './apply-resume.js';
export * from './undo-start.js';
export * from './apply-abandon.js';
export * from './protected-branch.js';
export * from './apply-block.js';
export * from './apply-merge-queue.js';
export * from './apply-prd.js';
export * from './apply-landing.js';
export * from './apply-batch.js';
export * from './recovery-plan.js';
export * from './landing-plan.js';
export * from './ping-interval.js';
export * from './setup-for-lockfile.js';
export * from './init-plan.js';
export * from './state-writes.js';
export * from './usable-state.js';
export * from './agents-block.js';
export * from './claude-settings.js';
export * from './pre-tool-use.js';
