import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoffDelay (full jitter)', () => {
  it('doubles the ceiling per attempt up to the cap', () => {
    const ceiling = (attempt: number) =>
      backoffDelay(attempt, { baseMs: 20, capMs: 1000 }, () => 0.999999);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map(ceiling)).toEqual([
      19, 39, 79, 159, 319, 639, 999, 999, 999,
    ]);
  });

  it('draws uniformly from zero to the ceiling', () => {
    expect(backoffDelay(5, {}, () => 0)).toBe(0);
    expect(backoffDelay(5, {}, () => 0.5)).toBe(160);
    const draws = Array.from({ length: 2000 }, () => backoffDelay(3));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(80);
    const mean = draws.reduce((sum, value) => sum + value, 0) / draws.length;
    expect(mean).toBeGreaterThan(32);
    expect(mean).toBeLessThan(48);
  });
});
