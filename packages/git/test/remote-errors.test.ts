import { chmod, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isLanesError, type LanesError } from '@lanes/core';
import { rememberedHeartbeatRefs, sandboxEnv, type Sandbox } from '@lanes/test-utils';
import {
  lostRaceAtRemote,
  openRepository,
  parsePushPorcelain,
  ping,
  readLiveness,
  readState,
  transact,
  type Repository,
} from '../src/index.js';
import { claim, sessionIdFor } from './fixtures/state.js';
import { makeBusy } from './fixtures/scenario.js';
import {
  COORDS,
  localState,
  lockDir,
  openClone,
  remoteLocks,
  remoteTip,
  seededSandbox,
} from './helpers.js';

let sandbox: Sandbox | undefined;
afterEach(async () => sandbox?.cleanup());

async function failure(work: () => Promise<unknown>): Promise<{ error: LanesError; ms: number }> {
  const started = Date.now();
  try {
    await work();
  } catch (error) {
    if (!isLanesError(error)) throw error;
    return { error, ms: Date.now() - started };
  }
  throw new Error('expected a LanesError');
}

/** Every ref of the clone, lanes' private ones included: a failed call must add none. */
const allRefs = (target: Sandbox, dir: string) =>
  target.git(dir, 'for-each-ref', '--format=%(refname) %(objectname)');

describe('a remote that cannot be reached', () => {
  it('fails every operation fast with E_REMOTE, git’s words and a hint, changing nothing', async () => {
    sandbox = await seededSandbox();
    const clone = sandbox.clones[0]!;
    const missing = join(sandbox.root, 'no-such-remote.git');
    await sandbox.git(clone, 'remote', 'set-url', 'origin', missing);
    await makeBusy(sandbox, clone);
    const before = { state: await localState(sandbox, clone), refs: await allRefs(sandbox, clone) };
    const repo = await openClone(clone);
    const session = sessionIdFor(1);

    const failures = [
      await failure(() => readState(repo, COORDS)),
      await failure(() =>
        transact(repo, COORDS, claim('prd-task-001', session), { lockDir: lockDir(sandbox!) }),
      ),
      await failure(() => ping(repo, COORDS.remote, session)),
      await failure(() => readLiveness(repo, COORDS.remote)),
    ];
    for (const { error } of failures) {
      expect(error.code).toBe('E_REMOTE');
      expect(error.message).toContain(`remote 'origin'`);
      // git's own explanation, not a generic one.
      expect(error.message).toMatch(/does not appear to be a git repository|not read from remote/);
      expect(error.hint).toContain('git remote get-url origin');
    }
    expect(await localState(sandbox, clone)).toEqual(before.state);
    expect(await allRefs(sandbox, clone)).toBe(before.refs);
    expect(await readdir(lockDir(sandbox), { recursive: true })).not.toContainEqual(
      expect.stringMatching(/-\d+-[0-9a-f]+$/),
    );
  });

  it('gives up on a remote that never answers within the bound, and stops what it started', async () => {
    sandbox = await seededSandbox();
    const clone = sandbox.clones[0]!;
    // An ssh that connects to nothing and never returns, like a black-holed host.
    const pidFile = join(sandbox.root, 'hung-ssh.pid');
    const hangingSsh = join(sandbox.root, 'hanging-ssh.sh');
    await writeFile(hangingSsh, `#!/bin/sh\necho $$ > '${pidFile}'\nexec sleep 60\n`);
    await chmod(hangingSsh, 0o755);
    await sandbox.git(clone, 'config', 'core.sshCommand', hangingSsh);
    await sandbox.git(clone, 'remote', 'set-url', 'origin', 'ssh://git.lanes.invalid/repo.git');
    const before = await allRefs(sandbox, clone);
    const repo: Repository = await openRepository(clone, {
      env: sandboxEnv(),
      remoteTimeoutMs: 1_000,
    });

    const { error, ms } = await failure(() =>
      transact(repo, COORDS, claim('prd-task-001', sessionIdFor(1)), {
        lockDir: lockDir(sandbox!),
      }),
    );
    expect(error.code).toBe('E_REMOTE');
    expect(error.message).toBe("cannot fetch from remote 'origin': no answer within 1 s");
    expect(error.hint).toBeDefined();
    expect(ms).toBeGreaterThanOrEqual(1_000);
    // The hung ssh was stopped with git's process group, not left behind.
    const pid = Number(await readFile(pidFile, 'utf8'));
    // A SIGKILL is delivered, not awaited: give the kernel a (generous) moment to end it.
    expect(await stopsWithin(pid, 30_000)).toBe(true);
    expect(await allRefs(sandbox, clone)).toBe(before);
  });
});

describe('a remote that refuses', () => {
  it('is E_REMOTE for the coordination branch (e.g. protected), nothing written', async () => {
    sandbox = await seededSandbox();
    await installPreReceive(sandbox, 'refs/heads/main', 'main is protected');
    const tip = await remoteTip(sandbox);
    const { error } = await failure(async () =>
      transact(
        await openClone(sandbox!.clones[0]!),
        COORDS,
        claim('prd-task-001', sessionIdFor(1)),
        {
          lockDir: lockDir(sandbox!),
        },
      ),
    );
    expect(error.code).toBe('E_REMOTE');
    expect(error.message).toMatch(/^remote 'origin' refused the update of main: /);
    expect(error.hint).toContain('agents.coordination.branch');
    expect(await remoteTip(sandbox)).toBe(tip);
  });

  it('heartbeat refs: the ping falls back to the lock’s heartbeat, and remembers it', async () => {
    sandbox = await seededSandbox();
    await installPreReceive(sandbox, 'refs/lanes/', 'custom refs are not allowed');
    const clone = sandbox.clones[0]!;
    const repo = await openClone(clone);
    const session = sessionIdFor(1);
    const claimedAt = new Date('2026-03-01T10:00:00Z');
    await transact(repo, COORDS, claim('prd-task-001', session), {
      lockDir: lockDir(sandbox),
      now: () => claimedAt,
    });

    const later = new Date('2026-03-01T10:05:00Z');
    expect((await ping(repo, COORDS.remote, session, {}, later)).via).toBe('transaction');
    expect((await remoteLocks(sandbox)).sessions[0]!.heartbeat).toBe('2026-03-01T10:05:00Z');
    expect((await rememberedHeartbeatRefs(clone))?.allowed).toBe(false);
    // Remembered: the next ping (even from a new process) goes straight to the lock.
    const fresh = await openClone(clone);
    const latest = new Date('2026-03-01T10:08:00Z');
    expect(await ping(fresh, COORDS.remote, session, {}, latest)).toEqual({ via: 'transaction' });
    expect((await remoteLocks(sandbox)).sessions[0]!.heartbeat).toBe('2026-03-01T10:08:00Z');
    expect(await sandbox.git(sandbox.remote, 'for-each-ref', 'refs/lanes')).toBe('');
  });
});

describe('a remote whose refs change while it lists them', () => {
  it('fetches again when the fetch asked for a ref deleted meanwhile', async () => {
    sandbox = await seededSandbox(1);
    const real = await openClone(sandbox.clones[0]!);
    // The answer git gave once in a 32-writer run: a ticket being deleted was listed
    // with an all-zero id. The port gives it to the first fetch, then runs git.
    let raced = 0;
    const racing: Repository = {
      ...real,
      git: {
        ...real.git,
        run: async (args, options) => {
          if (args.includes('fetch') && raced++ === 0) {
            const line = 'upload-pack: not our ref 0000000000000000000000000000000000000000';
            return {
              stdout: '',
              stderr: `fatal: git ${line}\nfatal: remote error: ${line}\n`,
              exitCode: 128,
              timedOut: false,
            };
          }
          return real.git.run(args, options);
        },
      },
    };
    const snapshot = await readState(racing, COORDS);
    expect(raced).toBe(2);
    expect(snapshot.tip).toBe(await remoteTip(sandbox));
  });
});

describe('lostRaceAtRemote', () => {
  it('tells a lost compare-and-swap at the remote from a real refusal', () => {
    const summary = '[remote rejected] (failed to update ref)';
    expect(
      lostRaceAtRemote(
        summary,
        "remote: error: cannot lock ref 'refs/heads/main': is at 1234 but expected 5678\n",
      ),
    ).toBe(true);
    expect(
      lostRaceAtRemote(
        summary,
        "remote: error: cannot lock ref 'refs/heads/main': Unable to create '/r.git/refs/heads/main.lock': File exists.\n",
      ),
    ).toBe(true);
    expect(
      lostRaceAtRemote(summary, 'remote: error: unable to write sha1 file: Permission denied\n'),
    ).toBe(false);
    expect(
      lostRaceAtRemote(
        '[remote rejected] (atomic transaction failed)',
        "remote: error: cannot lock ref 'refs/lanes/queue/main/1780000000000-aaaaaaaa': Unable to create '/r.git/./refs/lanes/queue/main/1780000000000-aaaaaaaa.lock': File exists.\n",
      ),
    ).toBe(true);
    expect(lostRaceAtRemote('[remote rejected] (pre-receive hook declined)', '')).toBe(false);
  });
});

describe('parsePushPorcelain', () => {
  it('finds the status of the pushed ref among those of an atomic push', () => {
    const stdout = [
      'To /tmp/remote.git',
      '!\tabc:refs/heads/main\t[rejected] (stale info)',
      '!\t(delete):refs/lanes/queue/main/t\t[rejected] (atomic push failed)',
      'Done',
    ].join('\n');
    expect(parsePushPorcelain(stdout, 'refs/lanes/queue/main/t')).toEqual({
      flag: '!',
      summary: '[rejected] (atomic push failed)',
    });
    expect(parsePushPorcelain(stdout, 'refs/heads/main')!.summary).toBe('[rejected] (stale info)');
    expect(parsePushPorcelain(stdout, 'refs/heads/other')).toBeNull();
  });
});

async function installPreReceive(target: Sandbox, refPrefix: string, reason: string) {
  const hook = join(target.remote, 'hooks', 'pre-receive');
  await writeFile(
    hook,
    `#!/bin/sh
while read old new ref; do
  case "$ref" in ${refPrefix}*) echo "${reason}" >&2; exit 1;; esac
done
exit 0
`,
  );
  await chmod(hook, 0o755);
}

/** Alive and not a zombie (where nothing reaps orphans, a killed process stays one). */
async function stopsWithin(pid: number, boundMs: number): Promise<boolean> {
  const deadline = Date.now() + boundMs;
  while (await isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

async function isRunning(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  return stat === null ? true : !/\) [ZX] /.test(stat);
}
