import { createSandbox, summarize, type BenchRow } from '@lanes/test-utils';
import { seedWithLocks, sessionIdFor } from '../test/fixtures/state.js';
import { interleaved, runOrThrow } from './process-timing.js';
import { addFillerFiles, busyClone } from './repos.js';
import type { BenchScripts } from './workers.js';

/**
 * The seed workflow's heartbeat (stash, checkout main, pull, edit, commit, push,
 * checkout back, stash pop) against lanes' ping, both as fresh processes on the same
 * busy clone, on a repository of `files` files.
 */
export async function naiveHeartbeatRows(
  scripts: BenchScripts,
  files: number,
  runs: number,
): Promise<BenchRow[]> {
  const seed = seedWithLocks(1, 1);
  const sandbox = await createSandbox({ clones: 0, files: seed });
  try {
    await addFillerFiles(sandbox, Math.max(0, files - Object.keys(seed).length));
    const clone = await busyClone(sandbox);
    const counted = (await sandbox.git(clone, 'ls-files')).split('\n').length;
    const session = sessionIdFor(0);
    const times = await interleaved(
      {
        naive: () => runOrThrow('bash', [scripts.naiveHeartbeat, clone], clone),
        ping: () => scripts.runNode(scripts.once, ['ping', clone, session]),
      },
      runs,
    );
    const ping = summarize(times.ping);
    return [
      {
        group: 'store',
        figure: `heartbeat on a ${counted.toLocaleString('en')}-file repo: lanes ping (fresh process)`,
        unit: 'ms',
        stats: ping,
        baseline: {
          figure: 'seed: stash, checkout, pull, commit, push, checkout, pop',
          stats: summarize(times.naive),
        },
        note: 'no worktree, index or branch touched',
      },
    ];
  } finally {
    await sandbox.cleanup();
  }
}
