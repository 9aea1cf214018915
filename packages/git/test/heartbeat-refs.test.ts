import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rememberedHeartbeatRefs, type Sandbox } from '@lanes/test-utils';
import { ping, pingRefOnly, readLiveness, transact, type Repository } from '../src/index.js';
import { claim, sessionIdFor } from './fixtures/state.js';
import { COORDS, lockDir, openClone, remoteLocks, remoteTip, seededSandbox } from './helpers.js';

// Issue 31 items 4 and 5: whether a remote takes heartbeat refs is decided only by a
// refusal that forbids them (or by refs that readers cannot see), never by a lost race
// or one flaky refusal; the decision is tried again after a day; pings of one process
// never overlap.

let sandbox: Sandbox | undefined;
afterEach(async () => sandbox?.cleanup());

const session = sessionIdFor(1);
const REF = `refs/lanes/heartbeats/${session}`;
const at = (iso: string) => new Date(iso);

async function claimed(): Promise<{ target: Sandbox; repo: Repository; clone: string }> {
  sandbox = await seededSandbox();
  const clone = sandbox.clones[0]!;
  const repo = await openClone(clone);
  await transact(repo, COORDS, claim('prd-task-001', session), {
    lockDir: lockDir(sandbox),
    now: () => at('2026-03-01T10:00:00Z'),
  });
  return { target: sandbox, repo, clone };
}

async function preReceive(target: Sandbox, body: string) {
  const hook = join(target.remote, 'hooks', 'pre-receive');
  await writeFile(hook, `#!/bin/sh\n${body}\n`);
  await chmod(hook, 0o755);
}

const decided = async (clone: string) => (await rememberedHeartbeatRefs(clone))?.allowed;
const remoteRef = (target: Sandbox) =>
  target.gitResult(target.remote, 'rev-parse', '-q', '--verify', REF).then((r) => r.stdout.trim());

describe('heartbeat refs: one unlucky push decides nothing', () => {
  it('retries a lost race at the remote (its ref lock held) instead of falling back', async () => {
    const { target, repo, clone } = await claimed();
    // The remote's ref lock is held, as by a second ping of this session in flight; the
    // hook lets go of it once the first push has lost.
    const lock = join(target.remote, `${REF}.lock`);
    await mkdir(join(target.remote, 'refs', 'lanes', 'heartbeats'), { recursive: true });
    await writeFile(lock, '');
    const marker = join(target.root, 'first-push-seen');
    await preReceive(
      target,
      `if [ -e '${marker}' ]; then rm -f '${lock}'; else touch '${marker}'; fi`,
    );

    const result = await ping(repo, COORDS.remote, session, {}, at('2026-03-01T10:05:00Z'));
    expect(result).toEqual({ via: 'ref' });
    expect(await decided(clone)).toBe(true);
    expect(await remoteRef(target)).not.toBe('');
  });

  it('tries again after a refusal that does not say refs are forbidden', async () => {
    const { target, repo, clone } = await claimed();
    const marker = join(target.root, 'refused-once');
    await preReceive(
      target,
      `if [ -e '${marker}' ]; then exit 0; fi\ntouch '${marker}'\necho "server busy, try again later" >&2\nexit 1`,
    );
    expect(await ping(repo, COORDS.remote, session, {}, at('2026-03-01T10:05:00Z'))).toEqual({
      via: 'ref',
    });
    expect(await decided(clone)).toBe(true);
  });

  it('falls back on a forbidding remote, says so once, and tries the refs again after a day', async () => {
    const { target, repo, clone } = await claimed();
    await preReceive(
      target,
      'while read old new ref; do case "$ref" in refs/lanes/*) echo "custom refs are not allowed" >&2; exit 1;; esac; done',
    );
    const first = await ping(repo, COORDS.remote, session, {}, at('2026-03-01T10:05:00Z'));
    expect(first.via).toBe('transaction');
    expect(first.note).toMatch(
      /remote 'origin' refuses heartbeat refs \(custom refs are not allowed/,
    );
    expect(await rememberedHeartbeatRefs(clone)).toEqual({
      allowed: false,
      checkedAt: '2026-03-01T10:05:00.000Z',
    });
    // Remembered beside the clone's git config, never in it: a ping holding the config
    // file's lock would fail the user's own git commands.
    expect(await target.gitResult(clone, 'config', '--get-regexp', '^lanes\\.')).toMatchObject({
      stdout: '',
    });
    // Decided: the next pings go to the lock without trying the ref, and say nothing.
    const fresh = await openClone(clone);
    expect(await ping(fresh, COORDS.remote, session, {}, at('2026-03-01T11:00:00Z'))).toEqual({
      via: 'transaction',
    });
    expect((await remoteLocks(target)).sessions[0]!.heartbeat).toBe('2026-03-01T11:00:00Z');

    // The administrator allows them; a day after the decision, lanes notices.
    await rm(join(target.remote, 'hooks', 'pre-receive'));
    expect(await ping(fresh, COORDS.remote, session, {}, at('2026-03-01T12:00:00Z'))).toEqual({
      via: 'transaction',
    });
    const back = await ping(fresh, COORDS.remote, session, {}, at('2026-03-02T10:05:00Z'));
    expect(back.via).toBe('ref');
    expect(back.note).toMatch(/takes heartbeat refs again/);
    expect(await decided(clone)).toBe(true);
    expect(await remoteRef(target)).not.toBe('');
  });

  it('never runs two pings of one session at once in one process', async () => {
    const { target, repo } = await claimed();
    // mkdir is atomic: a second receive-pack inside the hook while one holds it is an overlap.
    const inside = join(target.root, 'inside');
    const log = join(target.root, 'hook.log');
    await preReceive(
      target,
      `if mkdir '${inside}' 2>/dev/null; then echo run >> '${log}'; sleep 0.3; rmdir '${inside}'; else echo overlap >> '${log}'; fi`,
    );
    const pings = ['10:01', '10:02', '10:03'].map((time) =>
      ping(repo, COORDS.remote, session, {}, at(`2026-03-01T${time}:00Z`)),
    );
    for (const result of await Promise.all(pings)) expect(result.via).toBe('ref');
    expect((await readFile(log, 'utf8')).trim().split('\n')).toEqual(['run', 'run', 'run']);
  });
});

describe('heartbeat refs decided by a person (git config)', () => {
  it('keeps `lanes.<remote>.heartbeatRefs false` for good: no ref tried, days later too', async () => {
    const { target, clone } = await claimed();
    await target.git(clone, 'config', 'lanes.origin.heartbeatRefs', 'false');
    const repo = await openClone(clone);
    for (const day of ['2026-03-01T10:05:00Z', '2026-03-04T10:05:00Z']) {
      expect(await ping(repo, COORDS.remote, session, {}, at(day))).toEqual({
        via: 'transaction',
      });
      expect((await remoteLocks(target)).sessions[0]!.heartbeat).toBe(day);
    }
    expect(await remoteRef(target)).toBe('');
    expect(await rememberedHeartbeatRefs(clone)).toBeUndefined();
  });

  it('reads the pair an older lanes wrote to git config as remembered, due again after a day', async () => {
    const { target, clone } = await claimed();
    await target.git(clone, 'config', 'lanes.origin.heartbeatRefs', 'false');
    await target.git(
      clone,
      'config',
      'lanes.origin.heartbeatRefsCheckedAt',
      '2026-03-01T09:00:00Z',
    );
    const repo = await openClone(clone);
    expect(await ping(repo, COORDS.remote, session, {}, at('2026-03-01T10:05:00Z'))).toEqual({
      via: 'transaction',
    });
    const back = await ping(repo, COORDS.remote, session, {}, at('2026-03-02T10:05:00Z'));
    expect(back).toMatchObject({
      via: 'ref',
      note: expect.stringMatching(/takes heartbeat refs again/),
    });
    expect(await decided(clone)).toBe(true);
  });
});

describe('heartbeat refs hidden from readers (uploadpack.hideRefs)', () => {
  it('notices on the first ping that nobody can read the ref, falls back and says so once', async () => {
    const { target, repo, clone } = await claimed();
    await target.git(target.remote, 'config', 'uploadpack.hideRefs', 'refs/lanes');

    const first = await ping(repo, COORDS.remote, session, {}, at('2026-03-01T10:05:00Z'));
    expect(first.via).toBe('transaction');
    expect(first.note).toMatch(/does not show them to readers/);
    expect(await decided(clone)).toBe(false);
    expect((await remoteLocks(target)).sessions[0]!.heartbeat).toBe('2026-03-01T10:05:00Z');

    // A minute later it is not due yet (a quarter of the 10-minute timeout): no commit.
    const tip = await target.git(target.remote, 'rev-parse', 'main');
    expect(await ping(repo, COORDS.remote, session, {}, at('2026-03-01T10:06:00Z'))).toEqual({
      via: 'transaction',
    });
    expect(await target.git(target.remote, 'rev-parse', 'main')).toBe(tip);
    const next = await ping(repo, COORDS.remote, session, {}, at('2026-03-01T10:08:00Z'));
    expect(next).toEqual({ via: 'transaction' });
    // What others read: the lock's heartbeat is the live one (the hidden ref is not seen).
    expect((await remoteLocks(target)).sessions[0]!.heartbeat).toBe('2026-03-01T10:08:00Z');
    expect(await readLiveness(repo, COORDS.remote)).toEqual([]);
  });
});

describe('a stage ping (a release entering a stage, issue 27)', () => {
  const stage = { name: 'check 2/3', startedAt: '2026-03-01T10:04:30Z' };

  it('is carried on the heartbeat ref, and readers see the stage', async () => {
    const { repo } = await claimed();
    const result = await pingRefOnly(
      repo,
      COORDS.remote,
      session,
      { prdId: 'prd-task-001', stage },
      at('2026-03-01T10:05:00Z'),
    );
    expect(result).toEqual({ via: 'ref' });
    expect(await readLiveness(repo, COORDS.remote)).toEqual([
      {
        sessionId: session,
        at: '2026-03-01T10:05:00Z',
        prdId: 'prd-task-001',
        stage: 'check 2/3',
        stageStartedAt: '2026-03-01T10:04:30Z',
      },
    ]);
  });

  it('writes nothing where the remote refuses heartbeat refs: no commit per stage', async () => {
    const { target, repo } = await claimed();
    await preReceive(
      target,
      'while read old new ref; do case "$ref" in refs/lanes/*) echo "custom refs are not allowed" >&2; exit 1;; esac; done',
    );
    const before = await remoteTip(target);
    const first = await pingRefOnly(
      repo,
      COORDS.remote,
      session,
      { stage },
      at('2026-03-01T10:05:00Z'),
    );
    expect(first.via).toBeNull();
    expect(first.note).toMatch(/refuses heartbeat refs/);
    // Decided: the next stage is not even tried, and still nothing is written.
    const next = await pingRefOnly(
      repo,
      COORDS.remote,
      session,
      { stage: { ...stage, name: 'landing' } },
      at('2026-03-01T10:06:00Z'),
    );
    expect(next).toEqual({ via: null });
    expect(await remoteTip(target)).toBe(before);
    expect(await remoteRef(target)).toBe('');
  });
});
