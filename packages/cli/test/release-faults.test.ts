import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LANES_BIN, runLanes, sandboxEnv } from '@lanes/test-utils';
import { describe, expect, it } from 'vitest';
import { ALPHA, ME, releaseScenario, remoteJson, type LocksDoc } from './release-fixture.js';
import { pauseHook, tracked } from './release-pause.js';

// Issue #31: what a release says and leaves when the world changes under it.

const LATER = { LANES_NOW_OFFSET_SECONDS: String(24 * 3600) };

describe('a release whose claim is taken over mid-run (item 19)', () => {
  it('stops with E_NOT_OWNER, lands nothing and leaves the new holder alone', async () => {
    const fixture = await releaseScenario({
      sessions: [ALPHA],
      extraClones: 1,
    });
    const { sandbox } = fixture;
    const [clone] = fixture.sessionClones as [string];
    const [taker] = fixture.extraClones as [string];
    const pause = await pauseHook(sandbox.root, 'release-before-landing-push');
    const release = tracked(runLanes(clone, ['release', '--json'], { env: pause.env }));
    expect(await pause.reached(1, release.settled)).toBe(true);

    // A day later by the taker's clock, this session looks stale: it is taken over.
    const resumed = await runLanes(taker, ['resume', 'prd-alpha', '--json'], { env: LATER });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    const before = await sandbox.git(sandbox.remote, 'rev-parse', 'main');
    await pause.go(1);

    const result = await release.promise;
    expect(result.exitCode, result.stderr).toBe(3);
    const error = (result.json as { error: { code: string; message: string; hint: string } }).error;
    expect(error.code).toBe('E_NOT_OWNER');
    expect(error.message).toMatch(/prd-alpha was taken over by \S+ while this release ran/);
    expect(error.message).toContain('stop');
    expect(result.stderr).not.toContain('could not set the lock to blocked');
    expect(await sandbox.git(sandbox.remote, 'rev-parse', 'main')).toBe(before);
    const locks = await remoteJson<LocksDoc>(sandbox, 'main', 'docs/session-locks.json');
    expect(locks.sessions).toEqual([
      expect.objectContaining({ prdId: 'prd-alpha', status: 'in_progress' }),
    ]);
    expect(locks.sessions[0]!.sessionId).not.toBe(ME);
  });
});

describe('a remote with receive.denyDeletes (item 9)', () => {
  it('lands, keeps the branch and says the deletion was refused, not that it moved', async () => {
    const fixture = await releaseScenario({
      sessions: [ALPHA],
    });
    const { sandbox } = fixture;
    const [clone] = fixture.sessionClones as [string];
    await sandbox.git(sandbox.remote, 'config', 'receive.denyDeletes', 'true');
    const released = await sandbox.git(sandbox.remote, 'rev-parse', 'feature/alpha');

    const result = await runLanes(clone, ['release', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.json).toMatchObject({ status: 'completed', remoteBranchDeleted: false });
    expect(result.stderr).toMatch(
      /kept origin\/feature\/alpha: origin refused to delete it \(.*deletion prohibited/,
    );
    expect(result.stderr).not.toContain('it moved since the release pushed it');
    expect(await sandbox.git(sandbox.remote, 'rev-parse', 'feature/alpha')).toBe(released);
  });
});

describe.each([
  { coordination: 'main', killAt: 'release-after-landing-push' },
  { coordination: 'lanes/state', killAt: 'release-after-land' },
])(
  'a release killed after its landing push, coordination on $coordination (item 2)',
  ({ coordination, killAt }) => {
    it('leaves a temporary worktree that the re-run removes, saying so, as it finishes', async () => {
      const fixture = await releaseScenario({
        sessions: [ALPHA],
        coordination,
      });
      const { sandbox } = fixture;
      const [clone] = fixture.sessionClones as [string];
      const killed = await runLanes(clone, ['release', '--json'], {
        env: { LANES_TEST_KILL_AT: killAt },
      });
      expect(killed.exitCode).not.toBe(0);
      const landed = await sandbox.git(sandbox.remote, 'rev-parse', 'main');
      expect(await sandbox.git(clone, 'worktree', 'list', '--porcelain')).toContain(
        'release-prd-alpha',
      );

      const again = await runLanes(clone, ['release', '--json']);
      expect(again.exitCode, again.stderr).toBe(0);
      expect(again.stderr).toContain('removed what an interrupted release left behind');
      expect(again.json).toMatchObject({
        prdId: 'prd-alpha',
        status: 'completed',
        recovered: true,
      });
      expect(await sandbox.git(sandbox.remote, 'rev-parse', 'main')).toBe(landed);
      expect(await sandbox.git(clone, 'worktree', 'list', '--porcelain')).not.toContain('release-');
    });
  },
);

/** A `lanes` process whose stderr can be watched while it runs. */
function watchedLanes(cwd: string, args: string[]) {
  const child = spawn(process.execPath, [LANES_BIN, ...args], { cwd, env: sandboxEnv() });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ exitCode: number | null; stdout: string; stderr: string }>(
    (resolve) => child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr })),
  );
  return {
    exited,
    async said(text: string) {
      const deadline = Date.now() + 60_000;
      while (!stderr.includes(text)) {
        if (Date.now() > deadline) throw new Error(`never said '${text}': ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

describe('two releases of one session at once (item 18)', () => {
  it('the second waits for the first and reports its outcome; one landing, one check', async () => {
    const fixture = await releaseScenario({
      sessions: [ALPHA],
      mergeQueue: (root) => ({ qualityCheck: `echo run >> ${root}/runs.log` }),
    });
    const { sandbox } = fixture;
    const [clone] = fixture.sessionClones as [string];
    const pause = await pauseHook(sandbox.root, 'release-before-landing-push');
    const first = tracked(runLanes(clone, ['release', '--json'], { env: pause.env }));
    expect(await pause.reached(1, first.settled)).toBe(true);

    // An agent retries the call that seemed to hang.
    const second = watchedLanes(clone, ['release', '--json']);
    await second.said(`another \`lanes release\` of ${ME} is running`);
    await pause.go(1);

    const [one, two] = await Promise.all([first.promise, second.exited]);
    expect(one.exitCode, one.stderr).toBe(0);
    expect(two.exitCode, two.stderr).toBe(0);
    expect(JSON.parse(two.stdout)).toEqual(one.json);
    expect(one.json).toMatchObject({ prdId: 'prd-alpha', status: 'completed' });
    expect((await readFile(join(sandbox.root, 'runs.log'), 'utf8')).trim()).toBe('run');
    const completions = await sandbox.git(
      sandbox.remote,
      'log',
      '--format=%s',
      '--grep=chore: complete prd-alpha',
      'main',
    );
    expect(completions).toBe(`chore: complete prd-alpha (${ME})`);
    const locks = await remoteJson<LocksDoc>(sandbox, 'main', 'docs/session-locks.json');
    expect(locks.sessions).toEqual([]);
  });
});
