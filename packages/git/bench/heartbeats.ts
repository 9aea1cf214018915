import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createSandbox, runWorkers, sandboxEnv, summarize, type BenchRow } from '@lanes/test-utils';
import { seedFiles, sessionIdFor } from '../test/fixtures/state.js';
import { addClones } from './repos.js';
import type { BenchScripts } from './workers.js';

interface PingReport {
  ok: boolean;
  code?: string;
  message?: string;
  retries: number;
  vias?: string[];
  latencies: number[];
}

/**
 * `sessions` processes, each a session in a clone of its own, pinging `pings` times
 * at once. Every ping is one forced push to the session's own ref: nothing to retry.
 * A ping that had to fall back to a transaction, or failed, counts as a retry.
 */
export async function heartbeatStormRows(
  scripts: BenchScripts,
  sessions: number,
  pings: number,
): Promise<BenchRow[]> {
  const sandbox = await createSandbox({ clones: 0, files: seedFiles(1) });
  try {
    const clones = await addClones(sandbox, sessions, 'session');
    const lockDir = join(sandbox.root, 'locks');
    await mkdir(lockDir, { recursive: true });
    const workers = await runWorkers({
      script: scripts.storeWorker,
      count: sessions,
      args: (index) => ['ping', clones[index]!, sessionIdFor(index), String(pings)],
      env: () => sandboxEnv({ WORKER_LOCK_DIR: lockDir }),
      timeoutMs: 300_000,
    });
    const reports = workers.map((worker) => {
      if (worker.result === undefined) {
        throw new Error(`session ${worker.index} crashed: ${worker.stderr}`);
      }
      return worker.result as PingReport;
    });
    const retries = reports.reduce(
      (sum, report) =>
        sum +
        report.retries +
        (report.ok ? 0 : 1) +
        (report.vias ?? []).filter((via) => via !== 'ref').length,
      0,
    );
    const onRemote = (await sandbox.git(sandbox.remote, 'for-each-ref', 'refs/lanes/heartbeats'))
      .split('\n')
      .filter(Boolean).length;
    return [
      {
        group: 'store',
        figure: `${sessions} sessions pinging at once × ${pings}: retries and failures`,
        unit: 'count',
        stats: summarize([retries]),
        target: '0',
        met: retries === 0 && onRemote === sessions,
        note: `${onRemote} of ${sessions} heartbeat refs on the remote`,
      },
      {
        group: 'store',
        figure: `${sessions} sessions pinging at once: latency per ping`,
        unit: 'ms',
        stats: summarize(reports.flatMap((report) => report.latencies)),
      },
    ];
  } finally {
    await sandbox.cleanup();
  }
}
