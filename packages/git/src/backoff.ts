export interface BackoffOptions {
  /** The first retry waits up to this long (default 20 ms). */
  baseMs?: number;
  /** No wait exceeds this (default 1 s). */
  capMs?: number;
}

/**
 * Full-jitter exponential backoff: a uniform wait in [0, min(cap, base·2^(attempt-1))).
 * The randomness spreads writers that collided apart, instead of retrying in lockstep.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const base = options.baseMs ?? 20;
  const cap = options.capMs ?? 1_000;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
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
  return backoffDelay(attempt, { baseMs: unit, capMs: RETRY_CAP_ATTEMPTS * unit }, random);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
