import { sleep } from './backoff.js';
import type { ObjectWriter } from './object-writer.js';
import { recentlyBusy, rememberBusy } from './queue-memory.js';
import { QueuePace, type Behind } from './queue-pace.js';
import { pushRefspec, type Background } from './remote-ops.js';
import type { Repository } from './repository.js';
import { fetchCoordination, type Coordinates } from './store.js';
import {
  DEFAULT_QUEUE_LIMITS,
  lookAtQueue,
  newTicket,
  queueRef,
  queueTurn,
  shouldCatchUp,
  ticketCommit,
  type HeadWatch,
  type QueueLook,
} from './write-queue.js';

// A waiter's own git work (looks while it waits, its catch-up fetch, taking and giving
// back its ticket) runs at background priority: on a machine it shares, the writer whose
// turn it is goes first. The look that decides an attempt and the attempt itself do not.
const BACKGROUND: Background = { background: true };

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
  /** The last look found it our turn, and nothing was attempted since. */
  private cleared = false;
  /** The attempt under way landed from the head of the queue: a turn, for the pace. */
  private servedTurn = false;
  /** Others still queued when the last look cleared us to go. */
  private behind: Behind | undefined;
  private readonly pace: QueuePace;

  constructor(
    private readonly repo: Repository,
    private readonly coords: Coordinates,
    private readonly writer: ObjectWriter,
    /** False when off by option, or the remote refused a ticket. */
    public enabled: boolean,
  ) {
    this.pace = new QueuePace(`${repo.commonDir}\n${coords.remote}\n${coords.branch}`);
  }

  get holding(): boolean {
    return this.ticket !== null;
  }

  /**
   * Whether the next step must look before it fetches. Otherwise (nobody queued on
   * this branch lately, as this clone saw it) it may look and fetch at once, so that an
   * idle queue costs no round trip more than the fetch.
   */
  async lookFirst(): Promise<boolean> {
    if (!this.enabled || this.cleared) return true;
    return recentlyBusy(this.repo, this.coords);
  }

  /**
   * How many writers must land before we may attempt (0: attempt now), from a look at
   * the remote's tickets, or from the look waitForTurn just made. When we must wait and
   * hold no ticket, takes one.
   */
  async look(): Promise<number> {
    if (!this.enabled) return 0;
    if (this.cleared) {
      this.cleared = false;
      return 0;
    }
    // Just landed ahead of many: queue behind them at once (the look costs a process
    // tree, and what it would say is known). The waiting's first look checks.
    const behind = this.ticket === null ? this.pace.takeBehind() : undefined;
    if (behind !== undefined) {
      await this.join();
      if (!this.enabled) return 0;
      this.pace.saw(behind, Date.now());
      return behind;
    }
    const { tip, tickets } = await this.list();
    // No branch yet: its creation is decided by the lease alone.
    if (tip === null) return 0;
    const ahead = this.see(tickets);
    if (ahead > 0 && this.ticket === null) await this.join();
    return this.enabled ? ahead : 0;
  }

  /**
   * Waits while `blocking` writers must land first, looking at the remote's tickets
   * with `ls-remote` (a fetch costs several git processes; a look, two). Returns 0 when
   * the next step is ours (the next look() then says so without asking the remote
   * again) or must look afresh (our ticket or the branch is gone), else the writers
   * still blocking at the deadline.
   */
  async waitForTurn(blocking: number, deadline: number): Promise<number> {
    let left = blocking;
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return left;
      await sleep(Math.min(this.pace.pause(left), remaining));
      if (this.ticket === null) return 0;
      if (shouldCatchUp(left, this.caughtUp) && !(await this.catchUp())) return 0;
      const { tip, tickets } = await this.list(BACKGROUND);
      if (tip === null) return 0;
      left = this.see(tickets);
      if (left === 0) {
        this.cleared = true;
        return 0;
      }
    }
  }

  private async list(options: Background = {}): Promise<QueueLook> {
    const begun = Date.now();
    const look = await lookAtQueue(this.repo, this.coords.remote, this.coords.branch, options);
    this.pace.looked(Date.now() - begun);
    return look;
  }

  /**
   * A few writers from the head: fetch the branch now, while others take their turns,
   * so that the fetch of our own turn brings a commit or two, not everything landed
   * while we waited (which made that fetch the longest part of a turn). False when the
   * branch is gone.
   */
  private async catchUp(): Promise<boolean> {
    this.caughtUp = true;
    return (await fetchCoordination(this.repo, this.coords, BACKGROUND)).onBranch;
  }

  private see(tickets: readonly string[], nowMs: number = Date.now()): number {
    const turn = queueTurn(tickets, this.ticket, this.watch, nowMs, {
      ...DEFAULT_QUEUE_LIMITS,
      headLateMs: this.pace.lateMs(),
    });
    if (turn.lost) this.ticket = null;
    this.watch = turn.watch;
    this.abandoned = turn.abandoned;
    this.behind =
      turn.ahead === 0 && this.ticket !== null
        ? { writers: tickets.length - turn.abandoned.length - 1, atMs: nowMs }
        : undefined;
    this.pace.saw(turn.ahead, nowMs);
    return turn.ahead;
  }

  /** One attempt of ours (fetch to push) took `ms`. */
  attempted(ms: number): void {
    this.caughtUp = false;
    this.cleared = false;
    this.pace.attempted(ms, this.servedTurn);
    this.servedTurn = false;
  }

  /** Takes a ticket. A remote that refuses the ref turns the queue off for this transaction. */
  async join(nowMs: number = Date.now()): Promise<void> {
    if (!this.enabled || this.ticket !== null) return;
    const ticket = newTicket(nowMs);
    const target = await this.writer.commit(ticketCommit(this.repo.objectFormat));
    const status = await pushRefspec(
      this.repo,
      this.coords.remote,
      `${target}:${queueRef(this.coords.branch, ticket)}`,
      [],
      BACKGROUND,
    );
    if (status.kind === 'ok') {
      this.ticket = ticket;
      await rememberBusy(this.repo, this.coords);
    } else this.enabled = false;
  }

  /** Refs the successful push deletes atomically: our ticket and the abandoned ones. */
  deletions(): string[] {
    const tickets = [...this.abandoned, ...(this.ticket ? [this.ticket] : [])];
    return tickets.map((ticket) => queueRef(this.coords.branch, ticket));
  }

  /** The push that carried deletions() landed. */
  served(): void {
    this.servedTurn = this.ticket !== null;
    if (this.servedTurn && this.behind) this.pace.leftBehind(this.behind);
    this.behind = undefined;
    this.ticket = null;
    this.abandoned = [];
  }

  /** Gives our ticket back (the transaction ends without landing): best effort. */
  async leave(): Promise<void> {
    if (this.ticket === null) return;
    const ref = queueRef(this.coords.branch, this.ticket);
    this.ticket = null;
    await pushRefspec(this.repo, this.coords.remote, `:${ref}`, [], BACKGROUND).catch(
      () => undefined,
    );
  }
}
