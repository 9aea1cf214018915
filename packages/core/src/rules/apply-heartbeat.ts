import type { RegistryEntry, SessionLock } from '../types.js';
import { lockForPrd, lockForSession } from './availability.js';
import { assertStoryId } from './ids.js';
import { isFallbackPingDue } from './ping-interval.js';
import { lostClaim, noSession, unknownStory } from './refusals.js';
import {
  heartbeatAt,
  replaceEntry,
  replaceLock,
  unchanged,
  type StateChange,
  type TransitionState,
} from './state-change.js';

export interface HeartbeatInput {
  state: TransitionState;
  sessionId: string;
  /** The PRD this worktree believes it holds: tells "lost the claim" from "never had one". */
  prdId?: string;
  now: Date;
  /** `--story`: the story being worked on now. */
  story?: string;
  /** `--completed`: stories done (recording one twice changes nothing). */
  completed?: string | readonly string[];
}

/**
 * A heartbeat written to the coordination branch: refreshes the lock's `heartbeat`
 * and records story progress in the lock and the registry entry. Applying it twice
 * gives the same documents.
 */
export function applyHeartbeat(input: HeartbeatInput): StateChange & { lock: SessionLock } {
  const { state, sessionId } = input;
  const lock = lockForSession(state.locks, sessionId);
  if (lock === undefined) {
    const holder = input.prdId === undefined ? undefined : lockForPrd(state.locks, input.prdId);
    if (holder !== undefined && input.prdId !== undefined) {
      throw lostClaim(input.prdId, sessionId, holder);
    }
    throw noSession(sessionId);
  }

  const completed =
    typeof input.completed === 'string' ? [input.completed] : (input.completed ?? []);
  const named = [
    ...(input.story === undefined ? [] : [assertStoryId(input.story, '--story')]),
    ...completed.map((story) => assertStoryId(story, '--completed')),
  ];
  const prdFile = state.prds[lock.prdFile];
  if (prdFile !== undefined) {
    const known = prdFile.userStories.map((story) => story.id);
    const stranger = named.find((story) => !known.includes(story));
    if (stranger !== undefined) throw unknownStory(lock.prdId, stranger, known);
  }

  const completedStories = [...new Set([...(lock.completedStories ?? []), ...completed])];
  // A story that is done is no longer current: the next `--story` (or commit) names one.
  const kept = lock.currentStory ?? undefined;
  const currentStory =
    input.story ?? (kept !== undefined && completed.includes(kept) ? undefined : kept);
  // Assigned in place, not re-spread: the documents keep their key order.
  const updated: SessionLock = {
    ...lock,
    heartbeat: heartbeatAt(lock, input.now),
    completedStories,
  };
  const cleared = input.story === undefined && kept !== undefined && currentStory === undefined;
  if (currentStory !== undefined) updated.currentStory = currentStory;
  else if (cleared) delete updated.currentStory;
  return {
    locks: replaceLock(state.locks, lock.prdId, () => updated),
    registry: replaceEntry(state.registry, lock.prdId, (entry) => {
      const total = prdFile?.userStories.length ?? entry.stories?.total ?? 0;
      const next: RegistryEntry = {
        ...entry,
        stories: {
          total: Math.max(total, completedStories.length),
          completed: completedStories.length,
        },
      };
      if (currentStory !== undefined) next.currentStory = currentStory;
      else if (cleared) delete next.currentStory;
      return next;
    }),
    files: [],
    lock: updated,
  };
}

/**
 * The fallback ping, for a remote that refuses heartbeat refs: the session's lock gets
 * a fresh `heartbeat` by the rule above, rate-limited (each one is a commit that moves
 * the branch under everyone's lease, see isFallbackPingDue); a session that holds no
 * lock, or pinged a moment ago, changes nothing.
 */
export function touchHeartbeat(
  input: Pick<HeartbeatInput, 'state' | 'sessionId' | 'now'>,
): StateChange {
  const lock = lockForSession(input.state.locks, input.sessionId);
  return lock === undefined || !isFallbackPingDue(lock.heartbeat, input.state.config, input.now)
    ? unchanged(input.state)
    : applyHeartbeat(input);
}
