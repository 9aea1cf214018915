import { interleaveRuns, summarize, type BenchRow } from '@lanes/test-utils';
import {
  checkRuns,
  releaseAll,
  releaseFixture,
  sessions,
  timedCheck,
} from '../test/release-fixture.js';

// Throughput of the merge queue: PRDs landed per minute when several releases wait at
// once, each from its own clone, behind a quality check that takes a fixed time. The
// same releases with `batchSize: 1` (one PRD per check) are the baseline.

export interface QueueBenchOptions {
  quick?: boolean;
  log?: (line: string) => void;
}

const RELEASES = 6;
const BATCH = 4;

interface Sample {
  perMinute: number;
  checks: number;
}

/** One run: RELEASES queued releases landed with `batchSize`; PRDs per minute of wall time. */
async function landAll(batchSize: number, checkSeconds: number): Promise<Sample> {
  const fixture = await releaseFixture({
    sessions: sessions(RELEASES),
    mergeQueue: (root) => ({ ...timedCheck(checkSeconds)(root), batchSize }),
  });
  try {
    const { results, seconds } = await releaseAll(fixture.sessionClones);
    const failed = results.find((result) => result.exitCode !== 0);
    if (failed !== undefined) throw new Error(`a release failed: ${failed.stderr}`);
    return { perMinute: (RELEASES * 60) / seconds, checks: await checkRuns(fixture.sandbox.root) };
  } finally {
    await fixture.sandbox.cleanup();
  }
}

export async function runQueueBench(options: QueueBenchOptions = {}): Promise<BenchRow[]> {
  const quick = options.quick === true;
  const log = options.log ?? (() => {});
  // The longer the check, the more of the wall time is checks (what batches save).
  const checkSeconds = quick ? 2 : 6;
  const samples = new Map<number, Sample[]>([
    [1, []],
    [BATCH, []],
  ]);
  for (const batchSize of interleaveRuns([1, BATCH], () => (quick ? 1 : 2))) {
    log(`  queue: ${RELEASES} releases, batchSize ${batchSize}, ${checkSeconds} s check`);
    samples.get(batchSize)!.push(await landAll(batchSize, checkSeconds));
  }
  const stats = (batchSize: number) => summarize(samples.get(batchSize)!.map((s) => s.perMinute));
  const checks = (batchSize: number) => samples.get(batchSize)![0]?.checks ?? 0;
  const row: BenchRow = {
    group: 'merge queue',
    figure: `throughput (PRDs landed per minute), batchSize ${BATCH}`,
    unit: 'PRDs/min',
    stats: stats(BATCH),
    baseline: { figure: 'batchSize 1', stats: stats(1) },
    target: '≥ 2.5× batchSize 1',
    note: `${RELEASES} releases waiting at once, ${checkSeconds} s check; ${checks(BATCH)} vs ${checks(1)} check runs`,
  };
  return [{ ...row, met: row.stats.median >= 2.5 * stats(1).median }];
}
