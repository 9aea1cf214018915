import { describe, expect, it } from 'vitest';
import { isZombie } from './local-lock.js';

describe('isZombie', () => {
  it('reads the state after the command name, whatever the name holds', () => {
    expect(isZombie('4242 (node) Z 1 4242 4242 0 -1')).toBe(true);
    expect(isZombie('4242 (a) b (c) Z 1 4242')).toBe(true);
    expect(isZombie('4242 (node) X 1 4242')).toBe(true);
    expect(isZombie('4242 (node) S 1 4242 4242 0 -1')).toBe(false);
    expect(isZombie('4242 (Z) R 1')).toBe(false);
  });

  it('counts a process without a procfs entry as no zombie', () => {
    expect(isZombie(null)).toBe(false);
  });
});
