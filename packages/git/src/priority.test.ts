import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { describe, expect, it } from 'vitest';
import { lowerPriority } from './priority.js';

const linux = process.platform === 'linux';

describe('lowerPriority', () => {
  it.skipIf(!linux || getPriority() >= 10)(
    'lowers a process in our own session without lowering the session’s group, which is ours',
    async () => {
      const ours = readFileSync('/proc/self/autogroup', 'utf8');
      const child = spawn('sleep', ['5'], { stdio: 'ignore' });
      try {
        lowerPriority(child.pid!);
        expect(getPriority(child.pid!)).toBe(10);
        expect(readFileSync('/proc/self/autogroup', 'utf8')).toBe(ours);
        expect(getPriority()).not.toBe(10);
      } finally {
        child.kill();
      }
    },
  );

  it('passes over a process that is gone', () => {
    expect(() => lowerPriority(2 ** 22 + 12345)).not.toThrow();
  });
});
