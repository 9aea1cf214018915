/**
 * Full-jitter exponential backoff: a uniform wait in [0, min(cap, base·2^(attempt-1))).
 * The randomness spreads writers that collided apart, instead of retrying in lockstep.
 */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1)));
}

/** The backoff ceiling, in attempt times: room for about this many writers to land in turn. */
export const RETRY_CAP_ATTEMPTS = 32;
const MIN_ATTEMPT_MS = 20;

/**
 * The wait before retrying a write that lost the race, after `attempt` attempts the
 * last of which took `attemptMs` (fetch to push): full-jitter backoff in units of that
 * time, so writers that collided spread over as many attempt times as it takes for
 * each to land, on a fast local remote as on a hosted one far away.
 */
export function retryDelay(
  attempt: number,
  attemptMs: number,
  random: () => number = Math.random,
): number {
  const unit = Math.max(MIN_ATTEMPT_MS, attemptMs);
  return backoffDelay(attempt, unit, RETRY_CAP_ATTEMPTS * unit, random);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
