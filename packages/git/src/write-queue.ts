import { randomBytes } from 'node:crypto';
import { coordinationRef, remoteComponent } from './refs.js';
import { listRemoteRefs } from './remote-ops.js';
import type { Repository } from './repository.js';

/**
 * A first-come-first-served queue of the writers of one coordination branch, kept on
 * the remote itself, for writers on different machines (the local lock orders those
 * of one machine). Lease-and-retry alone lets every writer pay for a full attempt that
 * loses to whoever pushed first: with 32 writers most attempts are lost, and one that
 * keeps losing waits longest. So a writer that lost once takes a ticket, a ref
 * `refs/lanes/queue/<branch>/<ms>-<random>`, and from then on only the oldest ticket
 * attempts; the others wait, and the holder drops its ticket in the same atomic push
 * that lands its change. Writers that see tickets queue behind them instead of barging.
 *
 * Correctness never depends on it: the lease still decides every push. A killed
 * writer's ticket is passed over once it has stood at the head too long, and the next
 * holder deletes it.
 */

export const QUEUE_PREFIX = 'refs/lanes/queue/';

const TICKET = /^(\d{13})-[0-9a-f]{8}$/;

export function queueRef(branch: string, ticket: string): string {
  return `${QUEUE_PREFIX}${branch}/${ticket}`;
}

/** Where a fetch mirrors the remote's tickets of `branch`. */
export function queueMirrorPrefix(remote: string, branch: string): string {
  return `refs/lanes/remote-queue/${remoteComponent(remote)}/${branch}/`;
}

/** The refspec that mirrors the tickets, for the coordination fetch. */
export function queueRefspec(remote: string, branch: string): string {
  return `+${QUEUE_PREFIX}${branch}/*:${queueMirrorPrefix(remote, branch)}*`;
}

/** A ticket name: ordered by its creation time in ms, unique by its random part. */
export function newTicket(nowMs: number, random: string = randomBytes(4).toString('hex')): string {
  return `${String(Math.max(0, Math.floor(nowMs))).padStart(13, '0')}-${random}`;
}

/**
 * After the coordination fetch, one for-each-ref: the mirrored tickets (oldest first)
 * and the fetched tip (what a new ticket points at).
 */
export async function readFetchedQueue(
  repo: Repository,
  remote: string,
  branch: string,
): Promise<{ tip: string | null; tickets: string[] }> {
  const prefix = queueMirrorPrefix(remote, branch);
  const tipRef = coordinationRef(remote, branch);
  const output = await repo.git.check([
    'for-each-ref',
    '--format=%(objectname) %(refname)',
    tipRef,
    prefix,
  ]);
  const refs = new Map(
    output
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(line.indexOf(' ') + 1), line.slice(0, line.indexOf(' '))]),
  );
  return { tip: refs.get(tipRef) ?? null, tickets: ticketsIn([...refs.keys()], prefix) };
}

/** The tickets on the remote itself, oldest first, without fetching anything. */
export async function listRemoteTickets(
  repo: Repository,
  remote: string,
  branch: string,
): Promise<string[]> {
  const prefix = `${QUEUE_PREFIX}${branch}/`;
  const refs = await listRemoteRefs(repo, remote, [`${prefix}*`]);
  return ticketsIn([...refs.keys()], prefix);
}

function ticketsIn(refs: readonly string[], prefix: string): string[] {
  return refs
    .filter((ref) => ref.startsWith(prefix))
    .map((ref) => ref.slice(prefix.length))
    .filter((name) => TICKET.test(name))
    .sort();
}

export interface QueueLimits {
  /** A ticket at the head this long without being served is its dead writer's (default 5 s). */
  headGraceMs: number;
  /** A ticket this old is abandoned wherever it stands (default 2 min, twice the default deadline). */
  maxAgeMs: number;
}

export const DEFAULT_QUEUE_LIMITS: QueueLimits = { headGraceMs: 5_000, maxAgeMs: 120_000 };

/** Which ticket has stood at the head since when, as this writer saw it. */
export interface HeadWatch {
  ticket: string;
  sinceMs: number;
}

export interface Turn {
  /** Live tickets ahead of ours; all live tickets when we hold none. 0: our turn. */
  ahead: number;
  /** Our ticket is gone from the remote (another writer judged it abandoned). */
  lost: boolean;
  /** Tickets judged abandoned, which the next holder deletes with its push. */
  abandoned: string[];
  watch: HeadWatch | undefined;
}

/**
 * Pure: whose turn it is, given the tickets on the remote (oldest first), ours (or
 * null), and how long the current head has been seen standing there.
 */
export function queueTurn(
  tickets: readonly string[],
  mine: string | null,
  watch: HeadWatch | undefined,
  nowMs: number,
  limits: QueueLimits = DEFAULT_QUEUE_LIMITS,
): Turn {
  const born = (ticket: string) => Number(TICKET.exec(ticket)?.[1] ?? 0);
  const abandoned = tickets.filter(
    (ticket) => ticket !== mine && nowMs - born(ticket) > limits.maxAgeMs,
  );
  const live = tickets.filter((ticket) => !abandoned.includes(ticket));
  let seen = watch;
  while (live.length > 0 && live[0] !== mine) {
    const head = live[0]!;
    if (seen?.ticket !== head) {
      seen = { ticket: head, sinceMs: nowMs };
      break;
    }
    if (nowMs - seen.sinceMs <= limits.headGraceMs) break;
    abandoned.push(head);
    live.shift();
    seen = undefined;
  }
  if (live[0] === mine) seen = undefined;
  const lost = mine !== null && !live.includes(mine);
  return {
    ahead: mine === null || lost ? live.length : live.indexOf(mine),
    lost,
    abandoned,
    watch: seen,
  };
}

/** What a waiter knows when it decides how long to wait before looking again. */
export interface Pace {
  ahead: number;
  /** How long one turn (fetch, writes, push) takes: our own attempts, measured. */
  turnMs: number;
  /** How fast the queue was seen to move, per writer served (turns and the gaps between). */
  cycleMs: number;
  /** When we are next: how long ago the head's turn began, at the latest. */
  headForMs?: number;
}

/** From this many writers ahead, a waiter catches up on the branch while it waits. */
export const CATCH_UP_AHEAD = 3;

/**
 * Whether a waiter's next look fetches the branch (a catch-up) rather than only listing
 * tickets: once, a few places from the head, so that its own turn's fetch brings a
 * commit or two instead of everything landed while it waited. Not when it is next: its
 * turn's fetch follows at once and brings the same commits, while a catch-up meanwhile
 * takes CPU from the head's turn (measured: fewer tx/s, more CPU per tx).
 */
export function shouldCatchUp(ahead: number, caughtUp: boolean): boolean {
  return !caughtUp && ahead > 1 && ahead <= CATCH_UP_AHEAD;
}

/**
 * How long to wait before looking again (each look is a round trip to the remote, so
 * 31 waiters must look rarely, and the next in line promptly: turns are serial, and
 * every moment between two is lost for all). Far back: until about CATCH_UP_AHEAD
 * writers are left, at the pace the queue was seen moving. Close: a few looks a turn.
 * Next: the rest of the head's turn, then a small part of a turn at a time. Jittered,
 * so waiters do not look in step.
 */
export function queuePause(pace: Pace, random: () => number = Math.random): number {
  const { ahead, turnMs } = pace;
  let expected: number;
  if (ahead > CATCH_UP_AHEAD) expected = 0.85 * (ahead - CATCH_UP_AHEAD) * pace.cycleMs;
  else if (ahead > 1) expected = 0.9 * turnMs;
  else if (pace.headForMs !== undefined && pace.headForMs < 0.7 * turnMs)
    expected = 0.8 * turnMs - pace.headForMs;
  else expected = 0.25 * turnMs;
  return Math.round(Math.min(3_000, Math.max(10, expected)) * (0.8 + 0.4 * random()));
}
