import { describe, expect, it } from 'vitest';
import { QueuePace } from './queue-pace.js';
import { CATCH_UP_AHEAD } from './write-queue.js';

const middle = () => 0.5;
let keys = 0;
const fresh = () => new QueuePace(`test-${keys++}`);

describe('QueuePace', () => {
  it('paces a turn on the median of our last landed attempts, not on one slow start', () => {
    const pace = fresh();
    pace.looked(20);
    expect(pace.pause(2, 0, middle)).toBe(108); // 0.9 × (6 × 20): a turn guessed from a look
    for (const ms of [1_000, 100, 100, 100]) pace.attempted(ms, true);
    expect(pace.pause(2, 0, middle)).toBe(90); // 0.9 × 100: the 1 s start is outvoted
  });

  it('guesses a turn from its quickest look, not from the first', () => {
    const pace = fresh();
    pace.looked(150); // beside 31 writers starting at once
    expect(pace.pause(2, 0, middle)).toBe(810); // 0.9 × (6 × 150)
    pace.looked(15);
    pace.looked(40);
    expect(pace.pause(2, 0, middle)).toBe(81); // 0.9 × (6 × 15)
  });

  it('does not take an attempt that lost the race for a turn', () => {
    const pace = fresh();
    pace.looked(15);
    pace.attempted(1_000, false); // raced 31 others for the CPU and the remote
    expect(pace.pause(2, 0, middle)).toBe(81); // still the guess: 0.9 × (6 × 15)
    pace.attempted(100, true);
    expect(pace.pause(2, 0, middle)).toBe(90);
  });

  it('sleeps far waiters at the pace the queue was seen moving', () => {
    const pace = fresh();
    pace.attempted(100, true);
    pace.saw(CATCH_UP_AHEAD + 10, 0);
    pace.saw(CATCH_UP_AHEAD + 6, 800); // 4 served in 800 ms: 200 ms each
    expect(pace.pause(CATCH_UP_AHEAD + 6, 800, middle)).toBe(Math.round(0.85 * 6 * 200));
  });

  it('takes a cycle for at most two turns: slower movement went through stalls', () => {
    const pace = fresh();
    pace.attempted(100, true);
    pace.saw(20, 0);
    pace.saw(19, 1_000); // 1 served in a second: someone overslept its turn
    expect(pace.pause(CATCH_UP_AHEAD + 6, 1_000, middle)).toBe(Math.round(0.85 * 6 * 200));
  });

  it('weighs each sighting of the queue by the writers it saw served', () => {
    const pace = fresh();
    pace.attempted(100, true);
    pace.saw(20, 0);
    pace.saw(5, 3_000); // a far sleep: 15 served in 3 s
    pace.saw(4, 3_100); // a near look: 1 served in 100 ms
    const cycle = (0.7 * 3_000 + 100) / (0.7 * 15 + 1); // ≈ 191 ms, not 0.7 × 200 + 0.3 × 100
    expect(pace.pause(CATCH_UP_AHEAD + 6, 3_100, middle)).toBe(Math.round(0.85 * 6 * cycle));
  });

  it('lets the head work first, then looks often, once it is next', () => {
    const pace = fresh();
    pace.attempted(100, true);
    pace.saw(2, 0);
    pace.saw(1, 20); // the head began between 0 and 20 ms: about 10
    expect(pace.pause(1, 20, middle)).toBe(70); // 0.8 × 100 − 10
    expect(pace.pause(1, 90, middle)).toBe(25); // 0.25 × 100
  });

  it('calls the head late after three of our turns, and never while a turn is only guessed', () => {
    const pace = fresh();
    pace.looked(15);
    expect(pace.lateMs()).toBe(Infinity);
    pace.attempted(200, true);
    expect(pace.lateMs()).toBe(600);
  });

  it('remembers what it learned for the next transaction on the same queue', () => {
    const first = new QueuePace('shared-queue');
    first.attempted(300, true);
    expect(new QueuePace('shared-queue').pause(2, 0, middle)).toBe(270);
  });

  it('tells the next transaction how many it left queued behind its landed turn, once', () => {
    const pace = fresh();
    pace.leftBehind({ writers: CATCH_UP_AHEAD + 5, atMs: 1_000 });
    // A later transaction of this process reads it through a pace of its own.
    const next = new QueuePace(`test-${keys - 1}`);
    expect(next.takeBehind(2_000)).toBe(CATCH_UP_AHEAD + 5);
    expect(next.takeBehind(2_000)).toBeUndefined();
  });

  it('forgets a queue left behind long ago, or one short enough to look at', () => {
    const pace = fresh();
    pace.leftBehind({ writers: CATCH_UP_AHEAD + 5, atMs: 1_000 });
    expect(pace.takeBehind(4_001)).toBeUndefined();
    pace.leftBehind({ writers: CATCH_UP_AHEAD + 2, atMs: 1_000 });
    expect(pace.takeBehind(1_100)).toBeUndefined();
  });
});
