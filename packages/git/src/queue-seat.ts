import { sleep } from './backoff.js';
import { pushRefspec } from './remote-ops.js';
import type { Repository } from './repository.js';
import type { Coordinates } from './store.js';
import {
  listRemoteTickets,
  newTicket,
  queuePause,
  queueRef,
  queueRefspec,
  queueTurn,
  readFetchedQueue,
  type HeadWatch,
} from './write-queue.js';

// A turn (the head's fetch, writes and push, and the hand-over) takes about this many
// times one fetch, until the queue has been seen moving.
const TURN_PER_FETCH = 2.5;
const MIN_TURN_GUESS_MS = 50;

// What this process has learned of each queue's pace, for its next transactions.
const learnedTurnMs = new Map<string, number>();

/**
 * One transaction's place in the remote write queue (write-queue.ts): whether it holds
 * a ticket, what it has seen of the queue, and what its successful push must delete.
 */
export class QueueSeat {
  private ticket: string | null = null;
  private watch: HeadWatch | undefined;
  private abandoned: string[] = [];
  private lastAhead: number | undefined;
  private lastLookMs = 0;
  private perTurnMs: number | undefined;
  private readonly key: string;

  constructor(
    private readonly repo: Repository,
    private readonly coords: Coordinates,
    /** False when off by option, or the remote refused a ticket. */
    public enabled: boolean,
  ) {
    this.key = `${repo.commonDir}\n${coords.remote}\n${coords.branch}`;
    this.perTurnMs = learnedTurnMs.get(this.key);
  }

  get holding(): boolean {
    return this.ticket !== null;
  }

  /** Extra refspecs for the coordination fetch, so one round trip also reads the queue. */
  refspecs(): string[] {
    return this.enabled ? [queueRefspec(this.coords.remote, this.coords.branch)] : [];
  }

  /**
   * After the fetch (which took `fetchMs`): how many writers must land before we may
   * attempt (0: attempt now). When we must wait and hold no ticket, takes one.
   */
  async look(fetchMs: number): Promise<number> {
    if (!this.enabled) return 0;
    this.perTurnMs ??= Math.max(MIN_TURN_GUESS_MS, TURN_PER_FETCH * fetchMs);
    const { tip, tickets } = await readFetchedQueue(
      this.repo,
      this.coords.remote,
      this.coords.branch,
    );
    const ahead = this.see(tickets);
    if (ahead > 0 && this.ticket === null && tip !== null) await this.join(tip);
    return this.enabled ? ahead : 0;
  }

  /**
   * Waits while `blocking` writers must land first, looking at the remote's tickets
   * without fetching. Returns 0 when the next look should be a fetch (we are next or
   * may attempt: that fetch brings what the attempt needs), or the writers still
   * blocking at the deadline.
   */
  async waitForTurn(blocking: number, deadline: number): Promise<number> {
    let left = blocking;
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return left;
      await sleep(Math.min(this.pause(left), remaining));
      if (left <= 1 || this.ticket === null) return 0;
      left = this.see(await listRemoteTickets(this.repo, this.coords.remote, this.coords.branch));
      if (left === 0) return 0;
    }
  }

  private see(tickets: readonly string[], nowMs: number = Date.now()): number {
    const turn = queueTurn(tickets, this.ticket, this.watch, nowMs);
    if (turn.lost) this.ticket = null;
    this.watch = turn.watch;
    this.abandoned = turn.abandoned;
    if (this.lastAhead !== undefined && turn.ahead < this.lastAhead) {
      const sample = (nowMs - this.lastLookMs) / (this.lastAhead - turn.ahead);
      this.perTurnMs = this.perTurnMs === undefined ? sample : 0.7 * this.perTurnMs + 0.3 * sample;
      learnedTurnMs.set(this.key, this.perTurnMs);
    }
    this.lastAhead = turn.ahead;
    this.lastLookMs = nowMs;
    return turn.ahead;
  }

  /** How long to wait with `blocking` writers to land before us. */
  private pause(blocking: number): number {
    return queuePause(blocking, this.perTurnMs ?? MIN_TURN_GUESS_MS);
  }

  /**
   * Takes a ticket, pointing at `tip` (any commit the remote has: nothing to upload).
   * A remote that refuses the ref turns the queue off for this transaction.
   */
  async join(tip: string, nowMs: number = Date.now()): Promise<void> {
    if (!this.enabled || this.ticket !== null) return;
    const ticket = newTicket(nowMs);
    const status = await pushRefspec(
      this.repo,
      this.coords.remote,
      `${tip}:${queueRef(this.coords.branch, ticket)}`,
    );
    if (status.kind === 'ok') this.ticket = ticket;
    else this.enabled = false;
  }

  /** Refs the successful push deletes atomically: our ticket and the abandoned ones. */
  deletions(): string[] {
    const tickets = [...this.abandoned, ...(this.ticket ? [this.ticket] : [])];
    return tickets.map((ticket) => queueRef(this.coords.branch, ticket));
  }

  /** The push that carried deletions() landed. */
  served(): void {
    this.ticket = null;
    this.abandoned = [];
  }

  /** Gives our ticket back (the transaction ends without landing): best effort. */
  async leave(): Promise<void> {
    if (this.ticket === null) return;
    const ref = queueRef(this.coords.branch, this.ticket);
    this.ticket = null;
    await pushRefspec(this.repo, this.coords.remote, `:${ref}`).catch(() => undefined);
  }
}
