import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createSandbox,
  interleaveRuns,
  runWorkers,
  sandboxEnv,
  summarize,
  type BenchRow,
} from '@lanes/test-utils';
import { seedWithLocks, sessionIdFor } from '../test/fixtures/state.js';
import { addClones } from './repos.js';
import type { BenchScripts } from './workers.js';

export interface ContentionRun {
  writers: number;
  perWriter: number;
  /** Transactions that landed, per second of the slowest writer. */
  throughput: number;
  /** Latency of every transaction, ms. */
  latencies: number[];
  retries: number;
  /** Transactions a writer gave up on (E_PUSH_REJECTED after the bounds). */
  gaveUp: number;
  /** Acknowledged transactions missing on the remote. */
  lost: number;
  /** CPU per landed transaction, ms, all processes (null where unknown). */
  cpuPerTx: number | null;
}

interface WorkerReport {
  ok: boolean;
  code?: string;
  message?: string;
  completed: number;
  retries: number;
  latencies: number[];
  elapsed: number;
  cpuMs?: { self: number; children: number | null };
}

/**
 * `writers` processes, each in a clone of its own, each recording `perWriter`
 * completed stories on its own lock in the one shared session-locks.json: distinct
 * entries, so every transaction must land. `sharedQueue` false gives every writer its
 * own local lock folder (separate machines: only the remote's lease orders them); true
 * puts them on one machine, where the local queue orders them first.
 */
export async function contentionRun(
  scripts: BenchScripts,
  writers: number,
  perWriter: number,
  sharedQueue: boolean,
  remoteQueue = true,
): Promise<ContentionRun> {
  const sandbox = await createSandbox({ clones: 0, files: seedWithLocks(writers, perWriter) });
  try {
    const clones = await addClones(sandbox, writers);
    const envs: NodeJS.ProcessEnv[] = [];
    for (let index = 0; index < writers; index++) {
      const lockDir = join(sandbox.root, 'locks', sharedQueue ? 'machine' : `machine-${index}`);
      await mkdir(lockDir, { recursive: true });
      envs.push(
        sandboxEnv({
          WORKER_LOCK_DIR: lockDir,
          ...(remoteQueue ? {} : { WORKER_REMOTE_QUEUE: '0' }),
        }),
      );
    }
    const workers = await runWorkers({
      script: scripts.storeWorker,
      count: writers,
      args: (index) => ['progress', clones[index]!, sessionIdFor(index), String(perWriter)],
      env: (index) => envs[index]!,
      timeoutMs: 600_000,
    });
    const reports = workers.map((worker) => {
      if (worker.result === undefined) {
        throw new Error(
          `writer ${worker.index} crashed (${worker.exitCode ?? worker.signal}): ${worker.stderr}`,
        );
      }
      return worker.result as WorkerReport;
    });
    const unexpected = reports.find((report) => !report.ok && report.code !== 'E_PUSH_REJECTED');
    if (unexpected) throw new Error(`a writer failed: ${unexpected.code} ${unexpected.message}`);

    const completed = reports.reduce((sum, report) => sum + report.completed, 0);
    const onRemote = await storiesOnRemote(sandbox.remote, sandbox.git);
    const cpu = reports.map((report) => report.cpuMs);
    const cpuPerTx = cpu.every((used) => used?.children != null)
      ? cpu.reduce((sum, used) => sum + used!.self + used!.children!, 0) / completed
      : null;
    return {
      writers,
      perWriter,
      throughput: completed / (Math.max(...reports.map((report) => report.elapsed)) / 1000),
      latencies: reports.flatMap((report) => report.latencies),
      retries: reports.reduce((sum, report) => sum + report.retries, 0),
      gaveUp: reports.filter((report) => !report.ok).length,
      lost: completed - onRemote,
      cpuPerTx,
    };
  } finally {
    await sandbox.cleanup();
  }
}

async function storiesOnRemote(
  remote: string,
  git: (cwd: string, ...args: string[]) => Promise<string>,
): Promise<number> {
  const locks = JSON.parse(await git(remote, 'show', 'main:docs/session-locks.json')) as {
    sessions: { completedStories: string[] }[];
  };
  return locks.sessions.reduce((sum, lock) => sum + lock.completedStories.length, 0);
}

/** The runs of one writer count: throughput per run, the rest pooled. */
interface RunSet {
  writers: number;
  perWriter: number;
  throughputs: number[];
  latencies: number[];
  retries: number;
  gaveUp: number;
  lost: number;
  cpuPerTx: number | null;
}

function pool(runs: readonly ContentionRun[]): RunSet {
  const cpu = runs.map((run) => run.cpuPerTx);
  return {
    writers: runs[0]!.writers,
    perWriter: runs[0]!.perWriter,
    throughputs: runs.map((run) => run.throughput),
    latencies: runs.flatMap((run) => run.latencies),
    retries: runs.reduce((sum, run) => sum + run.retries, 0),
    gaveUp: runs.reduce((sum, run) => sum + run.gaveUp, 0),
    lost: runs.reduce((sum, run) => sum + run.lost, 0),
    cpuPerTx: cpu.every((used) => used !== null) ? summarize(cpu as number[]).median : null,
  };
}

export async function contentionRows(
  scripts: BenchScripts,
  options: {
    writers: number[];
    perWriter: number;
    /** Runs of each writer count (the short runs of few writers vary most from run to run). */
    runs: (writers: number) => number;
    /** Transactions per writer of the one-machine run (the largest writer count). */
    oneMachinePerWriter: number;
    log: (line: string) => void;
  },
): Promise<BenchRow[]> {
  const schedule = interleaveRuns(options.writers, options.runs);
  const byCount = new Map<number, ContentionRun[]>(options.writers.map((count) => [count, []]));
  for (const [index, writers] of schedule.entries()) {
    options.log(
      `  contention: ${writers} writers × ${options.perWriter} transactions (run ${index + 1} of ${schedule.length})`,
    );
    byCount.get(writers)!.push(await contentionRun(scripts, writers, options.perWriter, false));
  }
  const sets = options.writers.map((count) => pool(byCount.get(count)!));
  const largest = Math.max(...options.writers);
  options.log(`  contention: ${largest} writers on one machine`);
  const oneMachine = pool([
    await contentionRun(scripts, largest, options.oneMachinePerWriter, true),
  ]);

  const base = sets[0]!;
  const baseline = { figure: `${base.writers} writers`, stats: summarize(base.throughputs) };
  const rows: BenchRow[] = [];
  const describe = (set: RunSet) =>
    [
      set.throughputs.length > 1 ? `median of ${set.throughputs.length} runs` : '',
      set === base ? 'run before, between and after the others' : '',
      `${set.retries} retries`,
      `worst ${Math.round(Math.max(...set.latencies))} ms`,
      `lost ${set.lost}`,
      set.gaveUp ? `${set.gaveUp} gave up` : '',
      set.cpuPerTx === null ? '' : `CPU ${Math.round(set.cpuPerTx)} ms/tx`,
    ]
      .filter(Boolean)
      .join(', ');
  for (const set of [...sets, oneMachine]) {
    const where = set === oneMachine ? 'one machine (shared local queue)' : 'separate machines';
    const isTarget = set.writers === largest && set !== oneMachine;
    const stats = summarize(set.throughputs);
    rows.push({
      group: 'store',
      figure: `contention: ${set.writers} writers × ${set.perWriter} tx, ${where}`,
      unit: 'tx/s',
      stats,
      ...(set === base ? {} : { baseline }),
      ...(isTarget
        ? { target: '≥ 70 % of 2 writers', met: stats.median >= 0.7 * baseline.stats.median }
        : {}),
      note: describe(set),
    });
    rows.push({
      group: 'store',
      figure: `contention: ${set.writers} writers, latency per tx, ${where}`,
      unit: 'ms',
      stats: summarize(set.latencies),
    });
  }
  const all = [...sets, oneMachine];
  rows.push({
    group: 'store',
    figure: 'contention: lost updates, all runs',
    unit: 'count',
    stats: summarize([all.reduce((sum, set) => sum + set.lost, 0)]),
    target: '0',
    met: all.every((set) => set.lost === 0),
  });
  return rows;
}
