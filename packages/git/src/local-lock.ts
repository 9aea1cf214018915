import { createHash, randomBytes } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readdir, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A first-come-first-served queue of the lanes processes on this machine that write
 * the same remote branch. Processes that wait their turn never push against each
 * other, so N local writers cost N pushes instead of the N² of lease-and-retry, and
 * no writer starves. It is only an optimization: correctness comes from the lease, so
 * a queue that is broken by mistake costs retries, never a lost update.
 *
 * A waiter is a file `<monotonic time>-<pid>-<random>` in the queue's directory; the
 * oldest file whose process is alive holds the turn. A holder killed with SIGKILL
 * leaves its file behind: the next in line sees the dead pid and removes it. A file
 * older than `staleMs` is removed whatever its pid says (a reused pid, a frozen process).
 */
export interface LocalLock {
  release(): Promise<void>;
}

export interface LocalLockOptions {
  /** Give up (resolve null) at this time, in Date.now() milliseconds. */
  deadline: number;
  /** A ticket older than this no longer blocks anyone (default 60 s). */
  staleMs?: number;
  /** Directory holding all queues (default: a per-user folder in the temp dir). */
  dir?: string;
}

// A waiter that misses a change notification still looks this often; it is also how
// soon the death of a holder (which changes no file) is noticed.
const POLL_MS = 50;
const TICKET = /^(\d{20})-(\d+)-[0-9a-f]+$/;

export function localLockKey(remoteUrl: string, branch: string): string {
  return createHash('sha1').update(`${remoteUrl}\n${branch}`).digest('hex').slice(0, 20);
}

export function defaultLockDir(): string {
  const user = process.getuid?.() ?? process.env.USERNAME ?? 'user';
  return join(tmpdir(), `lanes-locks-${user}`);
}

export async function acquireLocalLock(
  key: string,
  options: LocalLockOptions,
): Promise<LocalLock | null> {
  const staleMs = options.staleMs ?? 60_000;
  const dir = join(options.dir ?? defaultLockDir(), key);
  await mkdir(dir, { recursive: true, mode: 0o700 });

  let ticket = await enqueue(dir);
  let watcher: FSWatcher | undefined;
  let wake: (() => void) | undefined;
  try {
    watcher = watch(dir, () => wake?.());
    watcher.on('error', () => {});
  } catch {
    // Polling alone still works.
  }
  const release = async () => {
    await unlink(join(dir, ticket)).catch(() => {});
  };
  try {
    for (;;) {
      const turn = await whoseTurn(dir, ticket, staleMs);
      if (turn === 'mine') return { release };
      if (turn === 'lost') ticket = await enqueue(dir);
      const remaining = options.deadline - Date.now();
      if (remaining <= 0) {
        await release();
        return null;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(POLL_MS, remaining));
        function done() {
          clearTimeout(timer);
          wake = undefined;
          resolve();
        }
        wake = done;
      });
    }
  } catch (error) {
    await release();
    throw error;
  } finally {
    watcher?.close();
  }
}

async function enqueue(dir: string): Promise<string> {
  const name = `${process.hrtime.bigint().toString().padStart(20, '0')}-${process.pid}-${randomBytes(4).toString('hex')}`;
  await writeFile(join(dir, name), '', { flag: 'wx' });
  return name;
}

/** 'mine' when every older ticket is gone or dead; 'lost' when ours was removed as stale. */
async function whoseTurn(
  dir: string,
  mine: string,
  staleMs: number,
): Promise<'mine' | 'wait' | 'lost'> {
  const names = (await readdir(dir)).filter((name) => TICKET.test(name)).sort();
  if (!names.includes(mine)) return 'lost';
  const now = process.hrtime.bigint();
  for (const name of names) {
    if (name === mine) return 'mine';
    const [, created, pid] = TICKET.exec(name)!;
    const ageMs = Number((now - BigInt(created!)) / 1_000_000n);
    // A negative age is a ticket from before a reboot (the monotonic clock restarted).
    if (ageMs >= 0 && ageMs < staleMs && isAlive(Number(pid))) return 'wait';
    await unlink(join(dir, name)).catch(() => {});
  }
  return 'lost';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
