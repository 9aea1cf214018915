import { run, sandboxEnv } from '@lanes/test-utils';

/** Runs a command to completion, failing loudly (a failed run must not pass for a fast one). */
export async function runOrThrow(
  file: string,
  args: readonly string[],
  cwd: string,
): Promise<void> {
  const result = await run(file, args, { cwd, env: sandboxEnv() });
  if (result.exitCode !== 0) {
    throw new Error(`${file} ${args.join(' ')} failed (${result.exitCode}): ${result.stderr}`);
  }
}

/**
 * Wall-clock samples (ms) of several commands, taken in turns (a b c a b c …) so that
 * a burst of load from elsewhere on the machine hits each of them alike.
 */
export async function interleaved<K extends string>(
  commands: Record<K, (index: number) => Promise<unknown>>,
  runs: number,
  warmup = 1,
): Promise<Record<K, number[]>> {
  const names = Object.keys(commands) as K[];
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<
    K,
    number[]
  >;
  for (let round = 0; round < warmup + runs; round++) {
    for (const name of names) {
      const start = performance.now();
      await commands[name](round);
      if (round >= warmup) times[name].push(performance.now() - start);
    }
  }
  return times;
}
