import type { LanesConfig } from '../types.js';
import { heartbeatTimeoutMs } from './liveness.js';

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
