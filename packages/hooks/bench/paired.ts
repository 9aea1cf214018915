import { summarize, type Stats } from '@lanes/test-utils';

/**
 * Times two operations in alternation (a, b, a, b, …) after `warmup` unmeasured rounds,
 * so that a machine getting busier or quieter weighs on both sides alike.
 */
export async function paired(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  runs: number,
  options: { warmup?: number; before?: () => Promise<unknown> } = {},
): Promise<[Stats, Stats]> {
  const times: [number[], number[]] = [[], []];
  const rounds = (options.warmup ?? 1) + runs;
  for (let round = 0; round < rounds; round++) {
    for (const [side, fn] of [a, b].entries()) {
      await options.before?.();
      const start = performance.now();
      await fn();
      const elapsed = performance.now() - start;
      if (round >= rounds - runs) times[side as 0 | 1].push(elapsed);
    }
  }
  return [summarize(times[0]), summarize(times[1])];
}
