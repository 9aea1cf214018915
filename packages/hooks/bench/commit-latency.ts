import { rm, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { resolveConfig } from '@lanes/core';
import { lanesDir, openRepository, writeCachedConfig, writeClaimRecord } from '@lanes/git';
import {
  createSandbox,
  LANES_BIN,
  run,
  sandboxEnv,
  type BenchRow,
  type Sandbox,
} from '@lanes/test-utils';
import { writeStamp } from '../src/git-dir-files.js';
import { installHooks } from '../src/install/install.js';
import { paired } from './paired.js';

// What a commit costs with lanes' hooks installed, beside a commit without them: the
// common case (no claim in the worktree) and a claimed worktree within the ping interval.

let counter = 0;
function commit(clone: string): () => Promise<void> {
  return async () => {
    counter += 1;
    const result = await run('git', ['commit', '-q', '--allow-empty', '-m', `bench ${counter}`], {
      cwd: clone,
      env: sandboxEnv(),
    });
    if (result.exitCode !== 0) throw new Error(`commit failed: ${result.stderr}`);
  };
}

async function claimWithinInterval(clone: string): Promise<void> {
  const repo = await openRepository(clone, { env: sandboxEnv() });
  await writeClaimRecord(repo, {
    sessionId: 'bench-a1b2c3',
    prdId: 'prd-bench',
    branch: 'main',
    remote: 'origin',
    coordinationBranch: 'main',
    claimedAt: new Date().toISOString(),
  });
  await writeCachedConfig(repo, resolveConfig({ multiSession: true }).config);
  // What the hook leaves after a ping: the next hour of commits is inside the interval.
  await writeStamp(lanesDir(repo), { at: new Date().toISOString() }, 3600);
}

export async function commitRows(runs: number, log: (line: string) => void): Promise<BenchRow[]> {
  const sandbox: Sandbox = await createSandbox({ clones: 3 });
  try {
    const [plain, nodeHook, hooked] = sandbox.clones as [string, string, string];
    await writeFile(join(nodeHook, '.git', 'hooks', 'post-commit'), "#!/bin/sh\nnode -e ''\n", {
      mode: 0o755,
    });
    await installHooks(await openRepository(hooked, { env: sandboxEnv() }), {
      lanesBin: LANES_BIN,
    });

    log('  commit: hooks installed, no claim, vs no hook');
    const [unclaimed, bare] = await paired(commit(hooked), commit(plain), runs, { warmup: 3 });
    log('  commit: claimed, within the interval, vs a hook that starts node');
    await claimWithinInterval(hooked);
    const [claimed, node] = await paired(commit(hooked), commit(nodeHook), runs, { warmup: 3 });
    log('  commit: claimed, the ping due (once per interval)');
    const stamp = join(
      lanesDir(await openRepository(hooked, { env: sandboxEnv() })),
      'heartbeat-stamp',
    );
    const [pinging, nodeAgain] = await paired(
      commit(hooked),
      commit(nodeHook),
      Math.max(3, runs / 4),
      {
        warmup: 1,
        // No stamp: the ping is due. The detached `lanes heartbeat` of the last round
        // (it fails here: this sandbox has no lanes state) gets time to finish first.
        before: async () => {
          await rm(stamp, { force: true });
          await sleep(400);
        },
      },
    );
    return [
      {
        group: 'hooks',
        figure: 'commit, lanes hooks installed, no claim in the worktree',
        unit: 'ms',
        stats: unclaimed,
        baseline: { figure: 'commit without hooks', stats: bare },
        target: '≤ 1.3× baseline',
        met: unclaimed.median <= 1.3 * bare.median,
      },
      {
        group: 'hooks',
        figure: 'commit, claimed worktree, within heartbeatIntervalSeconds',
        unit: 'ms',
        stats: claimed,
        baseline: { figure: "commit whose post-commit runs `node -e ''`", stats: node },
        target: '≤ 1.5× baseline',
        met: claimed.median <= 1.5 * node.median,
      },
      {
        group: 'hooks',
        figure: 'commit, claimed worktree, ping due (node decides, the ping runs detached)',
        unit: 'ms',
        stats: pinging,
        baseline: { figure: "commit whose post-commit runs `node -e ''`", stats: nodeAgain },
        note: 'at most once per heartbeatIntervalSeconds; no target',
      },
    ];
  } finally {
    await sandbox.cleanup();
  }
}
