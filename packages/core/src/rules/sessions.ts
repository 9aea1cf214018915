import type { CoordinationState, Liveness, LockStatus } from '../types.js';
import { findEntry } from './availability.js';
import { describeAge, lockLiveness } from './liveness.js';
import { queuePosition } from './queue.js';

/** One row of `status.sessions` / `stale.sessions` (CLI.md), plus display helpers. */
export interface SessionView {
  sessionId: string;
  prdId: string;
  branch: string;
  status: LockStatus;
  currentStory: string | null;
  completedStories: string[];
  claimedAt: string;
  /** The session's liveness (ISO time): newest of its ref and its lock's heartbeat. */
  lastSeen: string;
  stale: boolean;
  title: string | null;
  stories: { total: number; completed: number } | null;
  heartbeatAgeMs: number;
  heartbeatAge: string;
  blockedReason: string | null;
  queuePosition: number | null;
  host: string | null;
  /** Who claimed it (git user.name), when the lock says. */
  user: string | null;
  worktree: string | null;
}

export function sessionViews(
  state: Pick<CoordinationState, 'config' | 'locks' | 'registry'>,
  liveness: readonly Liveness[],
  now: Date,
): SessionView[] {
  return state.locks.sessions.map((lock) => {
    const seen = lockLiveness(lock, liveness, state.config, now);
    const entry = findEntry(state.registry, lock.prdId);
    const completedStories = lock.completedStories ?? [];
    return {
      sessionId: lock.sessionId,
      prdId: lock.prdId,
      branch: lock.branch,
      status: lock.status,
      currentStory: lock.currentStory ?? null,
      completedStories: [...completedStories],
      claimedAt: lock.claimedAt,
      lastSeen: seen.lastSeen,
      stale: seen.stale,
      title: entry?.title ?? null,
      stories: entry?.stories ? { ...entry.stories } : null,
      heartbeatAgeMs: seen.ageMs,
      heartbeatAge: describeAge(seen.ageMs),
      blockedReason: lock.blockedReason ?? null,
      queuePosition: queuePosition(state.locks, lock.sessionId) ?? null,
      host: lock.host ?? null,
      user: lock.user ?? null,
      worktree: lock.worktree ?? null,
    };
  });
}

export function staleSessionViews(
  state: Pick<CoordinationState, 'config' | 'locks' | 'registry'>,
  liveness: readonly Liveness[],
  now: Date,
): SessionView[] {
  return sessionViews(state, liveness, now).filter((view) => view.stale);
}
