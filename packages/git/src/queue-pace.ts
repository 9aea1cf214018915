import { CATCH_UP_AHEAD, queuePause } from './write-queue.js';

// Until this process has landed once, a turn (the head's fetch, writes and push) is
// guessed at this many times its quickest look at the queue (an ls-remote).
const TURN_PER_LOOK = 6;
const MIN_TURN_GUESS_MS = 50;
// Our latest attempts' durations; their (lower) median is the turn. An average would
// carry an outlier (the first attempt, against 31 others starting at once) for long.
const TURNS_KEPT = 5;

// A cycle (a turn and the handoff to the next) is taken to be at most this many turns:
// movement seen slower than that went through stalls (a waiter that overslept its
// turn, early in a run), and a far waiter paced on it oversleeps its own in turn.
const CYCLE_MAX_TURNS = 2;

// The head of the queue is late (passed by the writer next in line) after this many turns.
const HEAD_LATE_TURNS = 3;

// Older sightings of the queue's movement fade by this much per new one: the pace
// changes as writers come and go.
const MOVEMENT_KEPT = 0.7;

/** Writers seen served, and in how long: their ratio is the queue's cycle. */
interface Movement {
  served: number;
  ms: number;
}

// A writer that landed from the head of the queue with this many others behind it, or
// more, starts its next transaction (within BEHIND_FRESH_MS) with a ticket and a far
// waiter's sleep instead of a look: it will stand behind all of them.
const BEHIND_AT_LEAST = CATCH_UP_AHEAD + 3;
const BEHIND_FRESH_MS = 3_000;

/** The writers left queued behind our last turn, when it was cleared. */
export interface Behind {
  writers: number;
  atMs: number;
}

// What this process has learned of each queue, for its next transactions.
const learned = new Map<
  string,
  { turns: number[]; lookMs?: number; movement?: Movement; behind?: Behind }
>();

/**
 * A waiter's sense of the queue's pace, for queuePause: how long a turn takes (our own
 * attempts, measured: the near waiters' pace; the queue's movement includes the
 * waiters' own lateness, and pacing the next in line on it made it later still), how
 * fast the queue moves (the far waiters' pace), and when the head's turn began.
 */
export class QueuePace {
  private turns: number[];
  /** Our quickest look at the queue: the guess of a turn before we have landed. */
  private lookMs: number | undefined;
  private movement: Movement | undefined;
  private last: { ahead: number; atMs: number } | undefined;
  /** When the head's turn began, at the latest, once we are next. */
  private headSince: number | undefined;

  constructor(private readonly key: string) {
    this.turns = [...(learned.get(key)?.turns ?? [])];
    this.lookMs = learned.get(key)?.lookMs;
    this.movement = learned.get(key)?.movement;
  }

  /**
   * One look at the queue took `ms`. The quickest, not the first: the first look of a
   * writer is often made beside 31 others starting at once, and a turn guessed from it
   * made the next in line look several times too rarely.
   */
  looked(ms: number): void {
    if (this.lookMs !== undefined && this.lookMs <= ms) return;
    this.lookMs = ms;
    this.remember();
  }

  /** A look found `ahead` writers before us. */
  saw(ahead: number, nowMs: number): void {
    const last = this.last;
    if (last && ahead < last.ahead && last.ahead > 1) {
      // Summed, not averaged per sighting: a far waiter's long sleep that saw 15 served
      // outweighs a near look that saw 1 after a pause of its own choosing. Averaged,
      // those short samples pulled the cycle down and far waiters woke too early.
      const kept = this.movement ?? { served: 0, ms: 0 };
      this.movement = {
        served: MOVEMENT_KEPT * kept.served + (last.ahead - ahead),
        ms: MOVEMENT_KEPT * kept.ms + (nowMs - last.atMs),
      };
      this.remember();
    }
    if (ahead !== 1) this.headSince = undefined;
    else if (this.headSince === undefined) {
      // The head began its turn after our previous look, if that saw others before it.
      this.headSince = last && last.ahead > 1 ? (last.atMs + nowMs) / 2 : nowMs - this.turnMs();
    }
    this.last = { ahead, atMs: nowMs };
  }

  /**
   * One attempt of ours (fetch to push) took `ms`. Only a turn counts: an attempt made
   * from the head of the queue that landed. Others raced the other writers for the CPU
   * and the remote (at the start of a 32-writer run, the winner's and the losers'
   * attempts took about a second against turns of about 100 ms), and pacing the next
   * in line on them made the first two rounds of the queue three times slower.
   */
  attempted(ms: number, turn: boolean): void {
    this.last = undefined;
    if (!turn) return;
    this.turns = [...this.turns, ms].slice(-TURNS_KEPT);
    this.remember();
  }

  /**
   * Our turn landed, cleared by a look that saw `behind.writers` others queued: they
   * are all still waiting (a turn lands one writer), so our next transaction stands
   * behind them.
   */
  leftBehind(behind: Behind): void {
    this.remember();
    learned.get(this.key)!.behind = behind;
  }

  /**
   * How many writers our new ticket stands behind, known without a look: those left
   * behind our turn that just landed, when they were many. Once: the next asks the remote.
   */
  takeBehind(nowMs: number = Date.now()): number | undefined {
    const entry = learned.get(this.key);
    const behind = entry?.behind;
    if (entry) delete entry.behind;
    if (!behind || behind.writers < BEHIND_AT_LEAST) return undefined;
    if (nowMs - behind.atMs > BEHIND_FRESH_MS || nowMs < behind.atMs) return undefined;
    return behind.writers;
  }

  /** How long to wait, with `ahead` writers to land before us. */
  pause(ahead: number, nowMs: number = Date.now(), random: () => number = Math.random): number {
    const turnMs = this.turnMs();
    return queuePause(
      {
        ahead,
        turnMs,
        ...(this.movement
          ? { cycleMs: Math.min(this.movement.ms / this.movement.served, CYCLE_MAX_TURNS * turnMs) }
          : {}),
        ...(this.headSince === undefined ? {} : { headForMs: nowMs - this.headSince }),
      },
      random,
    );
  }

  /**
   * How long the head may stand before the writer next in line goes too: a few turns,
   * so that a head that merely took long is rarely raced, and one asleep past its turn
   * (a far waiter's long sleep, when the queue sped up) stalls the queue no longer.
   */
  lateMs(): number {
    // Until one of our turns has landed, a turn is only guessed: the head is then left
    // to the grace that abandons a dead writer's ticket.
    return this.turns.length === 0 ? Infinity : HEAD_LATE_TURNS * this.turnMs();
  }

  private turnMs(): number {
    if (this.turns.length === 0) {
      return Math.max(MIN_TURN_GUESS_MS, TURN_PER_LOOK * (this.lookMs ?? 0));
    }
    const sorted = [...this.turns].sort((a, b) => a - b);
    return sorted[(sorted.length - 1) >> 1]!;
  }

  private remember(): void {
    learned.set(this.key, {
      ...learned.get(this.key),
      turns: this.turns,
      ...(this.lookMs === undefined ? {} : { lookMs: this.lookMs }),
      ...(this.movement === undefined ? {} : { movement: this.movement }),
    });
  }
}
