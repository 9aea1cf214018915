import { createSandbox, summarize, type BenchRow } from '@lanes/test-utils';
import { seedWithLocks, sessionIdFor, storyId } from '../test/fixtures/state.js';
import { interleaved, runOrThrow } from './process-timing.js';
import type { BenchScripts } from './workers.js';

/**
 * A fresh node process doing one ping (what a hook's detached ping costs) and one
 * transaction, against the floor: starting node plus fetch, commit-tree and a lease
 * push in plain git, against the same remote.
 */
export async function latencyRows(scripts: BenchScripts, runs: number): Promise<BenchRow[]> {
  const sandbox = await createSandbox({ clones: 1, files: seedWithLocks(1, runs + 2) });
  try {
    const clone = sandbox.clones[0]!;
    const session = sessionIdFor(0);
    const times = await interleaved(
      {
        nodeStart: () => runOrThrow(process.execPath, ['-e', ''], clone),
        floor: async (round) => {
          await runOrThrow(process.execPath, ['-e', ''], clone);
          await runOrThrow('bash', [scripts.floor, clone, String(round)], clone);
        },
        ping: () => scripts.runNode(scripts.once, ['ping', clone, session]),
        transact: (round) =>
          scripts.runNode(scripts.once, ['transact', clone, session, storyId(round + 1)]),
      },
      runs,
    );
    const floor = {
      figure: "node -e '' + git fetch, commit-tree, lease push",
      stats: summarize(times.floor),
    };
    const ping = summarize(times.ping);
    const transaction = summarize(times.transact);
    return [
      {
        group: 'store',
        figure: 'heartbeat: fresh node process, one ping',
        unit: 'ms',
        stats: ping,
        baseline: floor,
        target: '≤ 1.5× floor',
        met: ping.median <= 1.5 * floor.stats.median,
        note: `node -e '' alone: ${summarize(times.nodeStart).median.toFixed(0)} ms`,
      },
      {
        group: 'store',
        figure: 'transaction: fresh node process, one transact',
        unit: 'ms',
        stats: transaction,
        baseline: floor,
      },
    ];
  } finally {
    await sandbox.cleanup();
  }
}
