import { randomBytes } from 'node:crypto';
import { emptyTree, FALLBACK_IDENTITY, type CommitRequest } from './objects.js';
import { listRemoteRefs, type Background } from './remote-ops.js';
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

/** A ticket name: ordered by its creation time in ms, unique by its random part. */
export function newTicket(nowMs: number, random: string = randomBytes(4).toString('hex')): string {
  return `${String(Math.max(0, Math.floor(nowMs))).padStart(13, '0')}-${random}`;
}

/**
 * What every ticket ref points at: one parentless commit of the empty tree, the same
 * object in every clone (fixed date, identity and message). Only a ticket's name
 * counts; pointing them all at one object the remote already has means taking a ticket
 * uploads nothing. (A ticket at a tip that the remote no longer advertises made push
 * send that tip's whole history.)
 */
export function ticketCommit(objectFormat: string): CommitRequest {
  return {
    tree: emptyTree(objectFormat),
    parents: [],
    message: 'lanes queue ticket\n\nA place in the write queue: only the ref name counts.\n',
    date: new Date(TICKET_COMMIT_DATE),
    identity: FALLBACK_IDENTITY,
  };
}

const TICKET_COMMIT_DATE = '2026-01-01T00:00:00Z';

/** The remote's coordination branch tip and queue tickets, as one look sees them. */
export interface QueueLook {
  /** Null when the branch does not exist on the remote. */
  tip: string | null;
  /** Oldest first. */
  tickets: string[];
}

/**
 * The branch tip and the tickets on the remote, in one `ls-remote` that writes nothing
 * locally. (Mirroring the tickets into local refs with each fetch cost a ref file
 * created or deleted per ticket that came or went: with 32 writers, about 20 ms a
 * fetch.)
 */
export async function lookAtQueue(
  repo: Repository,
  remote: string,
  branch: string,
  options: Background = {},
): Promise<QueueLook> {
  const branchRef = `refs/heads/${branch}`;
  const prefix = `${QUEUE_PREFIX}${branch}/`;
  const refs = await listRemoteRefs(repo, remote, [branchRef, `${prefix}*`], options);
  return { tip: refs.get(branchRef) ?? null, tickets: ticketsIn([...refs.keys()], prefix) };
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
  /**
   * A head standing this long is late: the writer next in line goes too, without
   * abandoning it (a few of the writer's turns, from QueuePace; default never).
   */
  headLateMs: number;
}

export const DEFAULT_QUEUE_LIMITS: QueueLimits = {
  headGraceMs: 5_000,
  maxAgeMs: 120_000,
  headLateMs: Infinity,
};

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
 * null), and how long the current head has been seen standing there. When ours is next
 * and the head is late (its writer asleep past its turn, or gone), it is our turn too;
 * the head is not abandoned, and the lease decides between us if it wakes.
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
  const headLate =
    live[1] === mine &&
    seen !== undefined &&
    seen.ticket === live[0] &&
    nowMs - seen.sinceMs > limits.headLateMs;
  return {
    ahead: mine === null || lost ? live.length : headLate ? 0 : live.indexOf(mine),
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
  /**
   * How fast the queue was seen to move, per writer served (turns and the gaps
   * between); undefined until this writer has seen it move.
   */
  cycleMs?: number;
  /** When we are next: how long ago the head's turn began, at the latest. */
  headForMs?: number;
}

/** From this many writers ahead, a waiter catches up on the branch while it waits. */
export const CATCH_UP_AHEAD = 3;

/**
 * Whether a waiter fetches the branch (a catch-up) before its next look at the
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
  if (ahead > CATCH_UP_AHEAD) {
    // Never seen moving: look again after about a turn, to see it move. A sleep of many
    // turns guessed in a start-up rush overslept whole turns of a 32-writer start, and
    // while a waiter sleeps through its turn the whole queue waits.
    expected =
      pace.cycleMs === undefined ? 0.85 * turnMs : 0.85 * (ahead - CATCH_UP_AHEAD) * pace.cycleMs;
  } else if (ahead > 1) expected = 0.9 * turnMs;
  else if (pace.headForMs !== undefined && pace.headForMs < 0.7 * turnMs)
    expected = 0.8 * turnMs - pace.headForMs;
  else expected = 0.25 * turnMs;
  // Near the head a few looks a turn, at most every 3 s. Far back, the sleep follows the
  // queue's pace up to 8 s: on a host where a turn took 850 ms, a 3 s cap made each far
  // waiter look 7 times a transaction, 70 % of all looks (a look is 3 processes on a
  // local remote). A far waiter that oversleeps its turn is passed (headLateMs);
  // the cap bounds what it loses (with 20 s, the slowest transactions neared the 60 s
  // deadline).
  const cap = ahead > CATCH_UP_AHEAD ? FAR_SLEEP_CAP_MS : 3_000;
  return Math.round(Math.min(cap, Math.max(10, expected)) * (0.8 + 0.4 * random()));
}

/** The longest a far waiter sleeps between looks. */
export const FAR_SLEEP_CAP_MS = 8_000;
