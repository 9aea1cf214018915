import { describe, expect, it } from 'vitest';
import { backoffDelay, RETRY_CAP_ATTEMPTS, retryDelay } from './backoff.js';

describe('backoffDelay (full jitter)', () => {
  it('doubles the ceiling per attempt up to the cap', () => {
    const ceiling = (attempt: number) => backoffDelay(attempt, 20, 1000, () => 0.999999);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map(ceiling)).toEqual([
      19, 39, 79, 159, 319, 639, 999, 999, 999,
    ]);
  });

  it('draws uniformly from zero to the ceiling', () => {
    expect(backoffDelay(5, 20, 1000, () => 0)).toBe(0);
    expect(backoffDelay(5, 20, 1000, () => 0.5)).toBe(160);
    const draws = Array.from({ length: 2000 }, () => backoffDelay(3, 20, 1000));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(80);
    const mean = draws.reduce((sum, value) => sum + value, 0) / draws.length;
    expect(mean).toBeGreaterThan(32);
    expect(mean).toBeLessThan(48);
  });
});

describe('retryDelay', () => {
  const top = () => 0.999999;

  it('counts in attempt times, doubling up to the cap', () => {
    const ceiling = (attempt: number) => retryDelay(attempt, 300, top) + 1;
    expect([1, 2, 3, 6, 7, 30].map(ceiling)).toEqual([
      300,
      600,
      1_200,
      9_600,
      RETRY_CAP_ATTEMPTS * 300,
      RETRY_CAP_ATTEMPTS * 300,
    ]);
  });

  it('scales with the attempt time, from a small floor', () => {
    expect(retryDelay(3, 1_000, top)).toBe(3_999);
    expect(retryDelay(1, 0, top)).toBe(19);
    expect(retryDelay(4, 80, () => 0)).toBe(0);
  });
});
