import { isoSeconds, type CoordinationState } from '@lanes/core';
import { buildState } from '@lanes/core/testing';
import { openRepository, writeClaimRecord } from '@lanes/git';
import {
  createSandbox,
  LANES_BIN,
  run,
  sandboxEnv,
  seedState,
  type BenchRow,
  type SeedState,
} from '@lanes/test-utils';
import { installHooks } from '../src/install/install.js';
import { paired } from './paired.js';
import { addFillerFiles, addSessionBranches } from './repo.js';

// A push of the session's own branch with pre-push checking it against every other
// live session's pushed branch (ls-remote, diffs, one merge-tree for all pairs), beside
// the same push without the hook (`--no-verify`).

const MINE = { sessionId: 'bench-ffffff', prdId: 'prd-mine', branch: 'feature/mine' };

function sessions(count: number): CoordinationState {
  const now = isoSeconds(new Date());
  const ids = Array.from({ length: count }, (_, n) => n);
  return buildState({
    heartbeatTimeoutMinutes: 120,
    prds: [...ids.map((n) => ({ id: `prd-s${n}` })), { id: MINE.prdId }],
    locks: [
      ...ids.map((n) => ({
        sessionId: `bench-${n.toString(16).padStart(6, '0')}`,
        prdId: `prd-s${n}`,
        claimedAt: now,
        heartbeat: now,
      })),
      { sessionId: MINE.sessionId, prdId: MINE.prdId, claimedAt: now, heartbeat: now },
    ],
  });
}

export async function prePushRows(
  options: { files: number; sessions: number; runs: number },
  log: (line: string) => void,
): Promise<BenchRow[]> {
  const sandbox = await createSandbox({ clones: 1 });
  try {
    const clone = sandbox.clones[0]!;
    log(
      `  pre-push: building a ${options.files}-file repository with ${options.sessions} session branches`,
    );
    await addFillerFiles(sandbox, clone, options.files);
    await seedState(sandbox, clone, sessions(options.sessions) as unknown as SeedState);
    await addSessionBranches(
      sandbox,
      clone,
      Array.from({ length: options.sessions }, (_, n) => `feature/s${n}`),
    );
    await sandbox.git(clone, 'switch', '-q', '-c', MINE.branch);
    await sandbox.commit(clone, 'mine: first', { 'src/mine.ts': 'export const mine = 1;\n' });
    const repo = await openRepository(clone, { env: sandboxEnv() });
    await writeClaimRecord(repo, {
      ...MINE,
      remote: 'origin',
      coordinationBranch: 'main',
      claimedAt: isoSeconds(new Date()),
    });
    await installHooks(repo, { lanesBin: LANES_BIN });

    let n = 0;
    // Each push carries one new commit (made by plumbing-free `commit`, hooks off).
    const newCommit = async () => {
      n += 1;
      await run('git', ['commit', '-q', '--allow-empty', '-m', `mine: ${n}`], {
        cwd: clone,
        env: sandboxEnv({ LANES_SKIP_HOOKS: '1' }),
      });
    };
    const push = (extra: string[]) => async () => {
      const result = await run('git', ['push', '-q', ...extra, 'origin', MINE.branch], {
        cwd: clone,
        env: sandboxEnv(),
      });
      if (result.exitCode !== 0) throw new Error(`push failed: ${result.stderr}`);
    };
    log(`  pre-push: ${options.runs} pushes with the hook, ${options.runs} without`);
    const [hooked, plain] = await paired(push([]), push(['--no-verify']), options.runs, {
      warmup: 1,
      before: newCommit,
    });
    return [
      {
        group: 'hooks',
        figure: `push with pre-push, ${options.sessions} live session branches, ${options.files} files`,
        unit: 'ms',
        stats: hooked,
        baseline: { figure: 'the same push without the hook (--no-verify)', stats: plain },
        target: '≤ 1 s',
        met: hooked.median <= 1000,
      },
    ];
  } finally {
    await sandbox.cleanup();
  }
}
