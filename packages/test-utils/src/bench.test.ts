import { describe, expect, it } from 'vitest';
import { interleaveRuns, summarize } from './bench.js';

describe('interleaveRuns', () => {
  it('runs the baseline around every other run, the largest in the middle', () => {
    const runs = (writers: number) => (writers >= 32 ? 1 : 3);
    expect(interleaveRuns([2, 8, 32], runs)).toEqual([2, 8, 2, 8, 2, 32, 2, 8, 2]);
  });

  it('runs the baseline at least as often as asked', () => {
    expect(interleaveRuns([2, 32], () => 1)).toEqual([2, 32, 2]);
    expect(interleaveRuns([2, 32], (writers) => (writers === 2 ? 5 : 1))).toEqual([
      2, 32, 2, 2, 2, 2,
    ]);
    expect(interleaveRuns([2], () => 3)).toEqual([2, 2, 2]);
    expect(interleaveRuns([], () => 3)).toEqual([]);
  });
});

describe('summarize', () => {
  it('gives the median with min and max', () => {
    expect(summarize([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5, samples: 3 });
  });
});
