import type { LanesConfig } from '../types.js';
import { heartbeatTimeoutMs } from './liveness.js';
import { timeOf } from './time.js';

/** The fastest a long-running command (a release) pings, whatever the configuration says. */
export const MIN_PING_INTERVAL_MS = 1_000;

/**
 * How often a long-running command pings: the configured interval, but at least three
 * times per timeout, so a live session never looks stale; never more than once a second.
 */
export function pingIntervalMs(
  config: Pick<LanesConfig, 'heartbeatTimeoutMinutes'> & {
    coordination: Pick<LanesConfig['coordination'], 'heartbeatIntervalSeconds'>;
  },
): number {
  const wanted = Math.min(
    config.coordination.heartbeatIntervalSeconds * 1_000,
    heartbeatTimeoutMs(config) / 3,
  );
  return Math.max(MIN_PING_INTERVAL_MS, wanted);
}

/** A fallback ping (a commit on the coordination branch) per this share of the timeout. */
export const FALLBACK_PINGS_PER_TIMEOUT = 4;

/**
 * Whether a fallback ping may write the lock's `heartbeat` now. Where the remote refuses
 * heartbeat refs, every ping is a commit that moves the coordination branch under
 * everyone's lease (a landing's included): it is written only when the lock's
 * heartbeat is a quarter of the timeout old, enough to stay live with a wide margin,
 * however often the hooks and the release pinger ask. A time that cannot be read, or
 * one in the future (a clock change), does not silence pings.
 */
export function isFallbackPingDue(
  lockHeartbeat: string,
  config: Pick<LanesConfig, 'heartbeatTimeoutMinutes'>,
  now: Date,
): boolean {
  const last = timeOf(lockHeartbeat);
  if (Number.isNaN(last) || last > now.getTime()) return true;
  return now.getTime() - last >= heartbeatTimeoutMs(config) / FALLBACK_PINGS_PER_TIMEOUT;
}
