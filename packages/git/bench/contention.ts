import { chmod, mkdir, writeFile } from 'node:fs/promises';
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
  /** Updates of the coordination branch the remote logged, per landed transaction. */
  refUpdatesPerTx: number;
}

/** Round trips a hosted remote adds: per fetch connection, per push. */
export const INJECTED_LATENCY = { fetchMs: 80, pushMs: 250 } as const;

/**
 * Makes every clone's fetches and pushes wait as against a hosted remote: the remote is
 * reached through git's ext:: transport, by a script that sleeps before it runs git's
 * upload-pack (fetch) or receive-pack (push).
 */
async function injectLatency(
  root: string,
  remote: string,
  clones: readonly string[],
  git: GitIn,
): Promise<void> {
  const script = join(root, 'slow-remote');
  await writeFile(
    script,
    [
      '#!/bin/sh',
      `case "$1" in *receive-pack) sleep ${INJECTED_LATENCY.pushMs / 1000} ;; *) sleep ${INJECTED_LATENCY.fetchMs / 1000} ;; esac`,
      'exec git "$@"',
      '',
    ].join('\n'),
  );
  await chmod(script, 0o755);
  for (const clone of clones) {
    await git(clone, 'config', 'protocol.ext.allow', 'always');
    await git(clone, 'remote', 'set-url', 'origin', `ext::${script} %s ${remote}`);
  }
}

type GitIn = (cwd: string, ...args: string[]) => Promise<string>;

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
 * entries, so every transaction must land. `sharedLock` false gives every writer its
 * own local lock folder (separate machines: only the remote's lease orders them); true
 * puts them on one machine, where the local lock orders them first. Every fetch and
 * push waits INJECTED_LATENCY, as against a hosted remote.
 */
export async function contentionRun(
  scripts: BenchScripts,
  writers: number,
  perWriter: number,
  sharedLock: boolean,
): Promise<ContentionRun> {
  const sandbox = await createSandbox({ clones: 0, files: seedWithLocks(writers, perWriter) });
  try {
    const clones = await addClones(sandbox, writers);
    await injectLatency(sandbox.root, sandbox.remote, clones, sandbox.git);
    await sandbox.git(sandbox.remote, 'config', 'core.logAllRefUpdates', 'always');
    const envs: NodeJS.ProcessEnv[] = [];
    for (let index = 0; index < writers; index++) {
      const lockDir = join(sandbox.root, 'locks', sharedLock ? 'machine' : `machine-${index}`);
      await mkdir(lockDir, { recursive: true });
      envs.push(sandboxEnv({ WORKER_LOCK_DIR: lockDir }));
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
    const reflog = await sandbox.git(sandbox.remote, 'reflog', 'show', '--format=%H', 'main');
    const refUpdates = reflog.split('\n').filter(Boolean).length;
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
      refUpdatesPerTx: completed === 0 ? 0 : refUpdates / completed,
    };
  } finally {
    await sandbox.cleanup();
  }
}

async function storiesOnRemote(remote: string, git: GitIn): Promise<number> {
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
  refUpdatesPerTx: number;
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
    refUpdatesPerTx: Math.max(...runs.map((run) => run.refUpdatesPerTx)),
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
      `${set.refUpdatesPerTx.toFixed(2)} ref updates/tx`,
      `worst ${Math.round(Math.max(...set.latencies))} ms`,
      `lost ${set.lost}`,
      set.gaveUp ? `${set.gaveUp} gave up` : '',
      set.cpuPerTx === null ? '' : `CPU ${Math.round(set.cpuPerTx)} ms/tx`,
    ]
      .filter(Boolean)
      .join(', ');
  for (const set of [...sets, oneMachine]) {
    const where = set === oneMachine ? 'one machine (shared local lock)' : 'separate machines';
    const stats = summarize(set.throughputs);
    const latency = summarize(set.latencies);
    rows.push({
      group: 'store',
      figure: `contention: ${set.writers} writers × ${set.perWriter} tx, ${where}`,
      unit: 'tx/s',
      stats,
      ...(set === base ? {} : { baseline }),
      note: describe(set),
    });
    rows.push({
      group: 'store',
      figure: `contention: ${set.writers} writers, latency per tx, ${where}`,
      unit: 'ms',
      stats: latency,
      note: `p95 ${Math.round(percentile(set.latencies, 0.95))} ms`,
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

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0;
}
