import { describe, expect, it } from 'vitest';
import { parseStrategy } from './strategy.js';

describe('parseStrategy', () => {
  it('accepts the three strategies of FORMATS.md and refuses anything else as a usage error', () => {
    expect(parseStrategy('squash')).toBe('squash');
    expect(() => parseStrategy('octopus')).toThrow(
      expect.objectContaining({ code: 'E_USAGE', message: expect.stringContaining('--strategy') }),
    );
  });
});
