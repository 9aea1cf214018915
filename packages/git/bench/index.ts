import type { BenchRow } from '@lanes/test-utils';
import { contentionRows } from './contention.js';
import { heartbeatStormRows } from './heartbeats.js';
import { latencyRows } from './latency.js';
import { naiveHeartbeatRows } from './naive.js';
import { prepareScripts } from './workers.js';

export interface StoreBenchOptions {
  /** A short run (under a minute): fewer samples, fewer transactions per writer. */
  quick?: boolean;
  /** Progress lines (stdout stays for the table). */
  log?: (line: string) => void;
}

/** The coordination store's figures, each beside a baseline measured in the same run. */
export async function runStoreBench(options: StoreBenchOptions = {}): Promise<BenchRow[]> {
  const quick = options.quick === true;
  const started = performance.now();
  const say = options.log ?? (() => {});
  const log = (line: string) =>
    say(`${line} (at ${((performance.now() - started) / 1000).toFixed(0)} s)`);
  const scripts = await prepareScripts();
  try {
    const rows: BenchRow[] = [];
    log('  latency: one ping, one transaction, raw git floor');
    rows.push(...(await latencyRows(scripts, quick ? 5 : 20)));
    rows.push(
      ...(await contentionRows(scripts, {
        writers: [2, 4, 8, 20],
        perWriter: quick ? 2 : 10,
        // Short runs of few writers vary most from run to run.
        runs: (writers) => (quick ? 1 : writers >= 20 ? 2 : 3),
        oneMachinePerWriter: quick ? 1 : 10,
        log,
      })),
    );
    log('  32 sessions heartbeating at once');
    rows.push(...(await heartbeatStormRows(scripts, 32, quick ? 1 : 5)));
    // Writing 20,000 files into a fresh clone takes this machine's disk ~15 s: a quick
    // run uses a smaller large repository.
    for (const files of [300, quick ? 5_000 : 20_000]) {
      log(`  seed heartbeat vs ping, ${files} files`);
      rows.push(...(await naiveHeartbeatRows(scripts, files, quick ? 3 : 10)));
    }
    return rows;
  } finally {
    await scripts.dispose();
  }
}
