// One lanes process for the concurrency tests and the benchmark:
//   claim <dir> <prdId> <sessionId>        one claim transaction
//   progress <dir> <sessionId> <count>     <count> sequential story transactions (stops at
//                                          the first failure; `completed` says how many landed)
//   ping <dir> <sessionId> <count>         <count> sequential heartbeat pings
// Env: WORKER_LOCK_DIR sets the per-machine lock's folder.
// WORKER_PID is exported to every git process (and so to the remote's hooks, which may
// kill this worker mid-push).
import { readFileSync } from 'node:fs';
import { isLanesError } from '@lanes/core';
import { reportResult, waitForStart } from '@lanes/test-utils';
import { openRepository, ping, transact, type TransactOptions } from '../../src/index.js';
import { claim, completeStory, storyId } from '../fixtures/state.js';

const [command, dir, ...rest] = process.argv.slice(2);
process.env.WORKER_PID = String(process.pid);
const coords = { remote: 'origin', branch: 'main' };
const repo = await openRepository(dir!);
let retries = 0;
let completed = 0;
const options: TransactOptions = {
  maxAttempts: Number(process.env.WORKER_MAX_ATTEMPTS ?? 30),
  deadlineMs: Number(process.env.WORKER_DEADLINE_MS ?? 60_000),
  onRetry: () => retries++,
  ...(process.env.WORKER_LOCK_DIR ? { lockDir: process.env.WORKER_LOCK_DIR } : {}),
};

/**
 * CPU this process used, itself and through the git processes it ran (and theirs, the
 * remote's side included): what bounds throughput when all writers share one machine.
 * Children's time comes from /proc (Linux); elsewhere only our own is known.
 */
function cpuMs(): { self: number; children: number | null } {
  const usage = process.cpuUsage();
  const self = (usage.user + usage.system) / 1000;
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    // cutime and cstime, in clock ticks (100 a second on Linux).
    return { self, children: (Number(fields[13]) + Number(fields[14])) * 10 };
  } catch {
    return { self, children: null };
  }
}

await waitForStart();
const started = performance.now();
const latencies: number[] = [];
const timed = async <T>(work: () => Promise<T>): Promise<T> => {
  const begin = performance.now();
  try {
    return await work();
  } finally {
    latencies.push(performance.now() - begin);
  }
};

try {
  if (command === 'claim') {
    const [prdId, sessionId] = rest as [string, string];
    const result = await timed(() => transact(repo, coords, claim(prdId, sessionId), options));
    reportResult({
      ok: true,
      value: result.value,
      attempts: result.attempts,
      commit: result.commit,
      retries,
      latencies,
    });
  } else if (command === 'progress') {
    const [sessionId, count] = rest as [string, string];
    for (let n = 1; n <= Number(count); n++) {
      await timed(() => transact(repo, coords, completeStory(sessionId, storyId(n)), options));
      completed++;
    }
    reportResult({
      ok: true,
      completed,
      retries,
      latencies,
      elapsed: performance.now() - started,
      cpuMs: cpuMs(),
    });
  } else if (command === 'ping') {
    const [sessionId, count] = rest as [string, string];
    const vias: string[] = [];
    for (let n = 1; n <= Number(count); n++) {
      vias.push(
        (await timed(() => ping(repo, 'origin', sessionId, { prdId: 'prd-task-001' }))).via,
      );
    }
    reportResult({ ok: true, vias, retries, latencies, elapsed: performance.now() - started });
  } else {
    throw new Error(`unknown command ${command}`);
  }
} catch (error) {
  if (!isLanesError(error)) throw error;
  reportResult({
    ok: false,
    code: error.code,
    message: error.message,
    completed,
    retries,
    latencies,
    elapsed: performance.now() - started,
  });
}
