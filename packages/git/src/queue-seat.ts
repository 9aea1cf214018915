import { sleep } from './backoff.js';
import { QueuePace } from './queue-pace.js';
import { pushRefspec } from './remote-ops.js';
import type { Repository } from './repository.js';
import { fetchCoordination, type Coordinates } from './store.js';
import {
  listRemoteTickets,
  newTicket,
  queueRef,
  queueRefspec,
  queueTurn,
  readFetchedQueue,
  shouldCatchUp,
  type HeadWatch,
} from './write-queue.js';

/**
 * One transaction's place in the remote write queue (write-queue.ts): whether it holds
 * a ticket, what it has seen of the queue, and what its successful push must delete.
 */
export class QueueSeat {
  private ticket: string | null = null;
  private watch: HeadWatch | undefined;
  private abandoned: string[] = [];
  /** Whether we fetched the branch while waiting, since our last attempt. */
  private caughtUp = false;
  private readonly pace: QueuePace;

  constructor(
    private readonly repo: Repository,
    private readonly coords: Coordinates,
    /** False when off by option, or the remote refused a ticket. */
    public enabled: boolean,
  ) {
    this.pace = new QueuePace(`${repo.commonDir}\n${coords.remote}\n${coords.branch}`);
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
    this.pace.guess(fetchMs);
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
   * with `ls-remote` (a fetch costs several git processes; a look, two). Returns 0 when
   * the next step should be the fetch of an attempt, or the writers still blocking at
   * the deadline.
   */
  async waitForTurn(blocking: number, deadline: number): Promise<number> {
    let left = blocking;
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return left;
      await sleep(Math.min(this.pace.pause(left), remaining));
      if (this.ticket === null) return 0;
      const tickets = shouldCatchUp(left, this.caughtUp) ? await this.catchUp() : await this.list();
      if (tickets === null) return 0;
      left = this.see(tickets);
      if (left === 0) return 0;
    }
  }

  private list(): Promise<string[]> {
    return listRemoteTickets(this.repo, this.coords.remote, this.coords.branch);
  }

  /**
   * A few writers from the head: fetch the branch now, while others take their turns,
   * so that the fetch of our own turn brings a commit or two, not everything landed
   * while we waited (which made that fetch the longest part of a turn). Null when the
   * branch is gone.
   */
  private async catchUp(): Promise<string[] | null> {
    this.caughtUp = true;
    const fetched = await fetchCoordination(this.repo, this.coords, { alsoFetch: this.refspecs() });
    if (!fetched.onBranch) return null;
    return (await readFetchedQueue(this.repo, this.coords.remote, this.coords.branch)).tickets;
  }

  private see(tickets: readonly string[], nowMs: number = Date.now()): number {
    const turn = queueTurn(tickets, this.ticket, this.watch, nowMs);
    if (turn.lost) this.ticket = null;
    this.watch = turn.watch;
    this.abandoned = turn.abandoned;
    this.pace.saw(turn.ahead, nowMs);
    return turn.ahead;
  }

  /** One attempt of ours (fetch to push) took `ms`. */
  attempted(ms: number): void {
    this.caughtUp = false;
    this.pace.attempted(ms);
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
