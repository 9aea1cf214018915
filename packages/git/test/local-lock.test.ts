import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Readable } from 'node:stream';
import { acquireLocalLock, isAlive, isZombie, localLockKey } from '../src/local-lock.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lanes-lock-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

// Generous: a lock that wrongly keeps waiting gives up (null) here, so `not.toBeNull()`
// proves the turn came without racing the clock of a loaded machine.
const soon = () => Date.now() + 30_000;
const readProcStat = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'utf8');
const firstLine = (stream: Readable) =>
  new Promise<string>((resolve) => {
    let text = '';
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(text.split('\n')[0]!);
    });
  });
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}
const ticket = (ageMs: number, pid: number) =>
  `${(process.hrtime.bigint() - BigInt(ageMs) * 1_000_000n).toString().padStart(20, '0')}-${pid}-abcd`;

describe('acquireLocalLock', () => {
  it('grants turns in arrival order', async () => {
    const first = await acquireLocalLock('k', { deadline: soon(), dir });
    const order: string[] = [];
    const second = acquireLocalLock('k', { deadline: soon(), dir }).then(
      (lock) => (order.push('second'), lock),
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    const third = acquireLocalLock('k', { deadline: soon(), dir }).then(
      (lock) => (order.push('third'), lock),
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(order).toEqual([]);
    await first!.release();
    await (await second)!.release();
    await (await third)!.release();
    expect(order).toEqual(['second', 'third']);
    expect(await readdir(join(dir, 'k'))).toEqual([]);
  });

  it('passes over a holder whose process is dead', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    await mkdir(join(dir, 'k'), { recursive: true });
    await writeFile(join(dir, 'k', ticket(10, dead)), '');
    const lock = await acquireLocalLock('k', { deadline: soon(), dir });
    expect(lock).not.toBeNull();
    await lock!.release();
  });

  // A lanes killed with its parent stays a zombie where PID 1 reaps no orphans (a
  // container without an init): `kill(pid, 0)` still succeeds for it.
  it.runIf(existsSync('/proc/self/stat'))(
    'passes over a holder that is a zombie (killed, never reaped)',
    async () => {
      // The inner sh exits only once its parent has exec'd into sleep, which never reaps
      // it (a shell that had not exec'd yet would reap it itself, leaving no zombie).
      const mayExit = join(dir, 'zombie-may-exit');
      const inner = `sh -c 'while [ ! -e "$1" ]; do sleep 0.01; done' zombie ${mayExit}`;
      const parent = spawn('sh', ['-c', `${inner} & echo $!; exec sleep 60`], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      try {
        const zombie = Number(await firstLine(parent.stdout));
        const comm = () => readFileSync(`/proc/${parent.pid}/comm`, 'utf8').trim();
        await until(() => comm() === 'sleep');
        await writeFile(mayExit, '');
        await until(() => isZombie(readProcStat(zombie)));
        expect(isAlive(zombie)).toBe(false);
        await mkdir(join(dir, 'k'), { recursive: true });
        await writeFile(join(dir, 'k', ticket(10, zombie)), '');
        const lock = await acquireLocalLock('k', { deadline: soon(), dir, waitForHolder: false });
        expect(lock).not.toBeNull();
        lock!.release();
      } finally {
        parent.kill('SIGKILL');
      }
    },
  );

  it('waits while a process that began choosing before it has yet to take its ticket', async () => {
    await mkdir(join(dir, 'k'), { recursive: true });
    // Announced, timed, but its (older) ticket not yet written: it may take the turn.
    const choosing = join(dir, 'k', `${ticket(5, process.pid)}.choosing`);
    await writeFile(choosing, '');
    let taken = false;
    const waiting = acquireLocalLock('k', { deadline: soon(), dir }).then((lock) => {
      taken = true;
      return lock;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(taken).toBe(false);
    await rm(choosing);
    const lock = await waiting;
    expect(lock).not.toBeNull();
    await lock!.release();
    expect(await readdir(join(dir, 'k'))).toEqual([]);
  });

  it('is not held up by a dead process’s announcement, nor by one made after its ticket', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    await mkdir(join(dir, 'k'), { recursive: true });
    await writeFile(join(dir, 'k', `${ticket(10, dead)}.choosing`), '');
    // Timed 10 s from now: after any ticket this test's waiter takes.
    const later = `${ticket(-10_000, process.pid)}.choosing`;
    await writeFile(join(dir, 'k', later), '');
    const lock = await acquireLocalLock('k', { deadline: soon(), dir });
    expect(lock).not.toBeNull();
    await lock!.release();
    // The dead one's is cleared away; the live one's stays with its process.
    expect(await readdir(join(dir, 'k'))).toEqual([later]);
  });

  it('wakes a waiter far back as soon as the writers ahead leave, not at its next slow look', async () => {
    await mkdir(join(dir, 'k'), { recursive: true });
    // 25 live writers ahead: this waiter looks on its own only once a second.
    const ahead = Array.from({ length: 25 }, (_, index) => ticket(100 + index, process.pid));
    await Promise.all(ahead.map((name) => writeFile(join(dir, 'k', name), '')));
    const waiting = acquireLocalLock('k', { deadline: soon(), dir });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await Promise.all(ahead.map((name) => rm(join(dir, 'k', name))));
    const lock = await waiting;
    expect(lock).not.toBeNull();
    await lock!.release();
  });

  it('passes over a live holder older than the bound (a frozen process or a reused pid)', async () => {
    await mkdir(join(dir, 'k'), { recursive: true });
    await writeFile(join(dir, 'k', ticket(2_000, process.ppid)), '');
    expect(await acquireLocalLock('k', { deadline: Date.now() + 200, dir })).toBeNull();
    const lock = await acquireLocalLock('k', { deadline: soon(), dir, staleMs: 1_000 });
    expect(lock).not.toBeNull();
    await lock!.release();
  });

  it('gives up at the deadline and leaves no ticket behind', async () => {
    const held = await acquireLocalLock('k', { deadline: soon(), dir });
    expect(await acquireLocalLock('k', { deadline: Date.now() + 100, dir })).toBeNull();
    expect(await readdir(join(dir, 'k'))).toHaveLength(1);
    await held!.release();
  });

  it('as a try-lock answers null at once while a live process holds it, and takes a free one', async () => {
    const held = await acquireLocalLock('k', { deadline: soon(), dir });
    // Long before the deadline: a held lock is not waited for.
    expect(await acquireLocalLock('k', { deadline: soon(), dir, waitForHolder: false })).toBeNull();
    expect(await readdir(join(dir, 'k'))).toHaveLength(1);
    held!.release();
    const free = await acquireLocalLock('k', { deadline: soon(), dir, waitForHolder: false });
    expect(free).not.toBeNull();
    free!.release();
  });

  it('keys queues by remote and branch', () => {
    expect(localLockKey('/r.git', 'main')).toBe(localLockKey('/r.git', 'main'));
    expect(localLockKey('/r.git', 'main')).not.toBe(localLockKey('/r.git', 'lanes/state'));
    expect(localLockKey('/r.git', 'main')).not.toBe(localLockKey('/s.git', 'main'));
  });
});
