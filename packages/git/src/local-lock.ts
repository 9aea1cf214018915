import { createHash, randomBytes } from 'node:crypto';
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LanesError } from '@lanes/core';
import { sleep } from './backoff.js';
import { messages } from './messages.js';

/**
 * Mutual exclusion of the lanes processes on this machine that write the same remote
 * branch: they take turns, first come first served, instead of pushing against each
 * other (where many agents share one box, they really contend; it costs the remote
 * nothing). Correctness never depends on it: the lease decides every push.
 *
 * A waiter is a file `<monotonic time>-<pid>-<random>` in the lock's directory; the
 * oldest file whose process is alive holds the turn. A holder killed with SIGKILL leaves
 * its file behind: the next in line sees the dead pid and removes it; a file older than
 * `staleMs` is removed whatever its pid says (a reused pid, a frozen process). Names are
 * unique, so removing a dead waiter's file never removes a live one's.
 *
 * A ticket's time is taken a moment before its file exists, so a process reading the
 * folder in that moment could miss an older ticket. As in Lamport's bakery, a process
 * first announces that it is choosing (`<time>-<pid>-<random>.choosing`, timed before
 * its ticket), and nobody takes the turn while an older announcement stands.
 */
export interface LocalLock {
  release(): void;
}

export interface LocalLockOptions {
  /** Give up (resolve null) at this time, in Date.now() milliseconds. */
  deadline: number;
  /** A ticket older than this no longer blocks anyone (default 60 s). */
  staleMs?: number;
  /** Directory holding all locks (default: a per-user folder, see lockDirs). */
  dir?: string;
  /** false: resolve null at once when a live process holds the turn (a try-lock). */
  waitForHolder?: boolean;
}

const POLL_MS = 25;
const TICKET = /^(\d{20})-(\d+)-[0-9a-f]+$/;
const CHOOSING = /^(\d{20})-(\d+)-[0-9a-f]+\.choosing$/;

export function localLockKey(remoteUrl: string, branch: string): string {
  return createHash('sha1').update(`${remoteUrl}\n${branch}`).digest('hex').slice(0, 20);
}

/**
 * Where the locks may live, in order: the temp dir's per-user folder (shared by every
 * clone of this user), else the user's cache folder, for when the first was made by
 * another user or cannot be written.
 */
function lockDirs(): string[] {
  const user = process.getuid?.() ?? process.env.USERNAME ?? 'user';
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return [join(tmpdir(), `lanes-locks-${user}`), join(cache, 'lanes', 'locks')];
}

export async function acquireLocalLock(
  key: string,
  options: LocalLockOptions,
): Promise<LocalLock | null> {
  const staleMs = options.staleMs ?? 60_000;
  const placed = enqueueIn(options.dir ? [options.dir] : lockDirs(), key);
  const { dir } = placed;
  let ticket = placed.ticket;
  const release = () => removeFile(dir, ticket);
  try {
    for (;;) {
      const turn = turnOf(readdirSync(dir), ticket, process.hrtime.bigint(), staleMs, isAlive);
      for (const name of turn.expired) removeFile(dir, name);
      if (turn.kind === 'mine') return { release };
      if (turn.kind === 'lost') ticket = enqueue(dir);
      if (turn.kind === 'held' && options.waitForHolder === false) {
        release();
        return null;
      }
      const remaining = options.deadline - Date.now();
      if (remaining <= 0) {
        release();
        return null;
      }
      await sleep(Math.min(POLL_MS, remaining));
    }
  } catch (error) {
    release();
    throw error;
  }
}

/** The first of `bases` where a ticket can be written, and the ticket. */
function enqueueIn(bases: readonly string[], key: string): { dir: string; ticket: string } {
  const failures: { path: string; reason: string }[] = [];
  for (const base of bases) {
    try {
      mkdirSync(base, { recursive: true, mode: 0o700 });
      // Another user's folder (a shared temp dir): their files are not ours to judge.
      const owner = lstatSync(base).uid;
      const me = process.getuid?.();
      if (me !== undefined && owner !== me) {
        failures.push({ path: base, reason: messages.lockDirForeign(owner) });
        continue;
      }
      const dir = join(base, key);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      return { dir, ticket: enqueue(dir) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === undefined) throw error;
      failures.push({ path: base, reason: `${code}: ${(error as Error).message}` });
    }
  }
  throw new LanesError('E_LOCAL_STATE', messages.lockDirUnusable(failures), {
    hint: messages.lockDirUnusableHint(failures.map((failure) => failure.path)),
    details: {
      reason: 'local lock directory unusable',
      paths: failures.map((f) => f.path),
      failures,
    },
  });
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
    removeFile(dir, choosing);
  }
}

function removeFile(dir: string, name: string): void {
  try {
    unlinkSync(join(dir, name));
  } catch {
    // Already removed (judged stale by another process).
  }
}

export type Turn = { kind: 'mine' | 'lost' | 'held' | 'wait'; expired: string[] };

/**
 * Pure: whose turn it is, from the lock folder's file names. 'mine' when every older
 * ticket is gone, dead or stale and no older announcement stands; 'lost' when our
 * ticket was removed as stale; 'held' when an older live ticket stands; else 'wait'
 * (an older process is still choosing its ticket). `expired`: the dead and stale files passed
 * on the way, for the caller to remove.
 */
export function turnOf(
  entries: readonly string[],
  mine: string,
  nowNs: bigint,
  staleMs: number,
  alive: (pid: number) => boolean,
): Turn {
  const expired: string[] = [];
  const live = (name: string, pattern: RegExp) => {
    const [, created, pid] = pattern.exec(name)!;
    const ageMs = Number((nowNs - BigInt(created!)) / 1_000_000n);
    // A negative age is a file from before a reboot (the monotonic clock restarted).
    if (ageMs >= 0 && ageMs < staleMs && alive(Number(pid))) return true;
    expired.push(name);
    return false;
  };
  const tickets = entries.filter((name) => TICKET.test(name)).sort();
  if (!tickets.includes(mine)) return { kind: 'lost', expired };
  const older = tickets.filter((name) => name < mine);
  if (older.some((name) => live(name, TICKET))) return { kind: 'held', expired };
  // Names sort by time: a process that announced before our ticket was timed.
  const choosing = entries.filter((name) => CHOOSING.test(name) && name < mine);
  return { kind: choosing.some((name) => live(name, CHOOSING)) ? 'wait' : 'mine', expired };
}

/**
 * Whether the process `pid` is alive (one of another user's counts as alive). A zombie
 * is dead: a lanes killed with its parent (`kill -9` of a process group) stays one for
 * good where PID 1 reaps no orphans (containers without an init), and must not hold a
 * lock.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(procStat(pid));
}

/** Pure: whether a `/proc/<pid>/stat` line is a zombie's (state Z, or X: being reaped). */
export function isZombie(stat: string | null): boolean {
  if (stat === null) return false;
  // The command name stands in parentheses and may itself hold spaces and parentheses.
  const state = stat.slice(stat.lastIndexOf(')') + 1).trim()[0];
  return state === 'Z' || state === 'X';
}

/** The process's `/proc` stat line; null where there is no procfs (macOS, Windows). */
function procStat(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
}
