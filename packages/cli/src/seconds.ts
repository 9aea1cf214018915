import { LanesError } from '@lanes/core';

/** A number of seconds from a flag (`--interval 5`), or the default when absent. */
export function parseSeconds(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const seconds = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(seconds) || seconds < 0.2) {
    throw new LanesError('E_USAGE', `${flag}: '${raw}' is not a number of seconds (0.2 or more)`, {
      hint: `e.g. ${flag} 5`,
    });
  }
  return seconds;
}
