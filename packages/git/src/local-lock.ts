import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, unlinkSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
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
 *
 * A ticket's time is taken a moment before its file exists, so a process that reads the
 * folder in that moment could miss an older ticket and take the turn beside its holder.
 * As in Lamport's bakery, a process first announces that it is choosing (a file
 * `<time>-<pid>-<random>.choosing`, timed before its ticket), and nobody takes the turn
 * while an announcement older than their own ticket stands.
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

// A waiter that misses a change notification still looks this often when it is next;
// it is also how soon the death of a holder (which changes no file) is noticed. Waiters
// further back look this often per writer ahead, up to FAR_POLL_MS: a holder's release
// or death (its file removed by the next in line) wakes them through the watcher anyway,
// while 31 waiters all looking every 50 ms took CPU from the turns they waited for (32
// writers on one 2-core machine: node used 255–282 ms of CPU a transaction, against
// 177–182 ms with this, and did 2.48–2.71 against 2.84–2.90 tx/s).
const POLL_MS = 50;
const FAR_POLL_MS = 1_000;
const TICKET = /^(\d{20})-(\d+)-[0-9a-f]+$/;
const CHOOSING = /^(\d{20})-(\d+)-[0-9a-f]+\.choosing$/;

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
  // Synchronous file operations, and a watcher only once we must wait: an uncontended
  // lock is taken on the queue's serial path, where each asynchronous operation is a
  // round trip through libuv's thread pool that, on a loaded machine, waits for a CPU.
  mkdirSync(dir, { recursive: true, mode: 0o700 });

  let ticket = enqueue(dir);
  let watcher: FSWatcher | undefined;
  let watched = false;
  let wake: (() => void) | undefined;
  const watchQueue = () => {
    watched = true;
    try {
      watcher = watch(dir, () => wake?.());
      watcher.on('error', () => {});
    } catch {
      // Polling alone still works.
    }
  };
  const release = () => {
    removeTicket(dir, ticket);
    return Promise.resolve();
  };
  try {
    for (;;) {
      const turn = whoseTurn(dir, ticket, staleMs);
      if (turn === 'mine') return { release };
      if (turn === 'lost') ticket = enqueue(dir);
      const pollMs = turn === 'lost' ? POLL_MS : Math.min(POLL_MS * turn, FAR_POLL_MS);
      const remaining = options.deadline - Date.now();
      if (remaining <= 0) {
        await release();
        return null;
      }
      if (!watched) {
        // Look again once watching: a release just before would otherwise wait a poll.
        watchQueue();
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(pollMs, remaining));
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

function enqueue(dir: string): string {
  const stamp = () =>
    `${process.hrtime.bigint().toString().padStart(20, '0')}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const choosing = `${stamp()}.choosing`;
  writeFileSync(join(dir, choosing), '', { flag: 'wx' });
  try {
    const name = stamp();
    writeFileSync(join(dir, name), '', { flag: 'wx' });
    return name;
  } finally {
    removeTicket(dir, choosing);
  }
}

function removeTicket(dir: string, name: string): void {
  try {
    unlinkSync(join(dir, name));
  } catch {
    // Already removed (judged stale by another process).
  }
}

/**
 * 'mine' when every older ticket is gone or dead; 'lost' when ours was removed as stale;
 * else how many tickets stand before ours (1 while an older announcement stands: its
 * process may yet write a ticket before ours). Removes the dead and stale files it
 * passes, tickets and announcements alike.
 */
function whoseTurn(dir: string, mine: string, staleMs: number): 'mine' | 'lost' | number {
  const entries = readdirSync(dir);
  const names = entries.filter((name) => TICKET.test(name)).sort();
  const position = names.indexOf(mine);
  if (position < 0) return 'lost';
  const now = process.hrtime.bigint();
  const live = (name: string, pattern: RegExp) => {
    const [, created, pid] = pattern.exec(name)!;
    const ageMs = Number((now - BigInt(created!)) / 1_000_000n);
    // A negative age is a file from before a reboot (the monotonic clock restarted).
    if (ageMs >= 0 && ageMs < staleMs && isAlive(Number(pid))) return true;
    removeTicket(dir, name);
    return false;
  };
  for (const [index, name] of names.entries()) {
    if (index < position && live(name, TICKET)) return position - index;
  }
  // Names sort by time: a process that announced before our ticket was timed.
  const choosing = entries.filter((name) => CHOOSING.test(name) && name < mine);
  return choosing.some((name) => live(name, CHOOSING)) ? 1 : 'mine';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
