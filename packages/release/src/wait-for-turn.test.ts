import { expect, it } from 'vitest';
import { pollDelay } from './wait-for-turn.js';

it('polls the queue with pauses growing from about 0.4 s to at most 5 s, jittered', () => {
  expect(pollDelay(1, () => 0.5)).toBe(400);
  expect(pollDelay(2, () => 0.5)).toBe(600);
  expect(pollDelay(30, () => 0.5)).toBe(5_000);
  expect(pollDelay(30, () => 0.999)).toBeLessThanOrEqual(6_250);
  expect(pollDelay(1, () => 0)).toBe(300);
});
