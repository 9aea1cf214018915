import type { LanesConfig, Liveness, SessionLock } from '../types.js';
import { timeOf } from './time.js';

/**
 * The newest liveness ping that belongs to this lock: the session's ref, unless it
 * was written for another PRD (a ping left over from an earlier claim says nothing
 * about this one).
 */
export function livenessFor(
  lock: Pick<SessionLock, 'sessionId' | 'prdId'>,
  liveness: readonly Liveness[],
): Liveness | undefined {
  let newest: Liveness | undefined;
  for (const ping of liveness) {
    if (ping.sessionId !== lock.sessionId) continue;
    if (ping.prdId !== undefined && ping.prdId !== lock.prdId) continue;
    if (newest === undefined || timeOf(ping.at) > timeOf(newest.at)) newest = ping;
  }
  return newest;
}

/**
 * When the session was last seen: the newest of its liveness ref and the lock's
 * `heartbeat` (which every state transaction refreshes). An unreadable ref time is
 * ignored rather than trusted.
 */
export function lastSeen(
  lock: Pick<SessionLock, 'heartbeat'>,
  liveness?: Pick<Liveness, 'at'>,
): string {
  if (liveness === undefined) return lock.heartbeat;
  const ref = timeOf(liveness.at);
  if (Number.isNaN(ref)) return lock.heartbeat;
  const own = timeOf(lock.heartbeat);
  return Number.isNaN(own) || ref > own ? liveness.at : lock.heartbeat;
}

export function heartbeatTimeoutMs(config: Pick<LanesConfig, 'heartbeatTimeoutMinutes'>): number {
  return config.heartbeatTimeoutMinutes * 60_000;
}

/**
 * Stale when the last sign of life is older than the timeout; exactly at the
 * timeout it is still live. A time that cannot be read proves nothing, so it is
 * stale. A time in the future (clock skew) counts as now.
 */
export function isStale(
  lastSeenIso: string,
  config: Pick<LanesConfig, 'heartbeatTimeoutMinutes'>,
  now: Date,
): boolean {
  const seen = timeOf(lastSeenIso);
  if (Number.isNaN(seen)) return true;
  return now.getTime() - seen > heartbeatTimeoutMs(config);
}

/** Liveness of one lock in one call: what most callers need. */
export function lockLiveness(
  lock: SessionLock,
  liveness: readonly Liveness[],
  config: Pick<LanesConfig, 'heartbeatTimeoutMinutes'>,
  now: Date,
): { lastSeen: string; stale: boolean; ageMs: number } {
  const seen = lastSeen(lock, livenessFor(lock, liveness));
  const seenAt = timeOf(seen);
  const ageMs = Number.isNaN(seenAt)
    ? Number.POSITIVE_INFINITY
    : Math.max(0, now.getTime() - seenAt);
  return { lastSeen: seen, stale: isStale(seen, config, now), ageMs };
}

/** A short age for text output: `45s`, `3m`, `2h 5m`, `3d 4h`; `unknown` when unreadable. */
export function describeAge(ms: number): string {
  if (!Number.isFinite(ms)) return 'unknown';
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours}h` : `${hours}h ${minutes % 60}m`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days}d` : `${days}d ${hours % 24}h`;
}

/**
 * Whether the post-commit hook should ping now: never pinged, or the last ping is at
 * least `heartbeatIntervalSeconds` old (a ping time in the future, from a clock
 * change, does not silence pings forever).
 */
export function isPingDue(
  lastPingAt: string | undefined,
  config: { coordination: Pick<LanesConfig['coordination'], 'heartbeatIntervalSeconds'> },
  now: Date,
): boolean {
  const last = timeOf(lastPingAt);
  if (Number.isNaN(last) || last > now.getTime()) return true;
  return now.getTime() - last >= config.coordination.heartbeatIntervalSeconds * 1000;
}
