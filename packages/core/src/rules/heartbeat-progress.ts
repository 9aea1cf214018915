import type { SessionLock } from '../types.js';
import { applyHeartbeat, type HeartbeatInput } from './apply-heartbeat.js';
import { lockForSession } from './availability.js';
import type { StateChange } from './state-change.js';

// `lanes heartbeat --story/--completed` writes the coordination branch only when the
// story progress changes: liveness itself lives on the session's heartbeat ref, so
// recording the same story twice must not cost a commit (the post-commit hook sends
// the story of every commit subject).

/**
 * The heartbeat transition, or the state unchanged when it would only move the lock's
 * `heartbeat` time. Refuses exactly as `applyHeartbeat` does.
 */
export function progressHeartbeat(input: HeartbeatInput): StateChange & { lock: SessionLock } {
  const change = applyHeartbeat(input);
  const before = lockForSession(input.state.locks, input.sessionId);
  if (before === undefined) return change;
  const sameLock =
    JSON.stringify({ ...change.lock, heartbeat: before.heartbeat }) === JSON.stringify(before);
  const entryOf = (registry: StateChange['registry']) =>
    JSON.stringify(registry.prds.find((entry) => entry.id === before.prdId));
  if (sameLock && entryOf(change.registry) === entryOf(input.state.registry)) {
    return { locks: input.state.locks, registry: input.state.registry, files: [], lock: before };
  }
  return change;
}
