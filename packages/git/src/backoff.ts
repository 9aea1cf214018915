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

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
