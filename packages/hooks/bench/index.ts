import type { BenchRow } from '@lanes/test-utils';
import { commitRows } from './commit-latency.js';
import { prePushRows } from './pre-push-latency.js';

export interface HookBenchOptions {
  /** A short run (under a minute): fewer samples. */
  quick?: boolean;
  /** Progress lines (stdout stays for the table). */
  log?: (line: string) => void;
}

/**
 * The hooks' figures, each beside its baseline measured in the same run. The hook
 * scripts call the built CLI (`packages/cli/bin/lanes.js`): build before running.
 */
export async function runHookBench(options: HookBenchOptions = {}): Promise<BenchRow[]> {
  const quick = options.quick === true;
  const log = options.log ?? (() => {});
  return [
    ...(await commitRows(quick ? 10 : 40, log)),
    ...(await prePushRows({ files: 20_000, sessions: 50, runs: quick ? 4 : 15 }, log)),
  ];
}
