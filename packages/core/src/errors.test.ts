import { describe, expect, it } from 'vitest';
import { EXIT_CODES, LanesError, isLanesError } from './errors.js';

describe('LanesError', () => {
  it('maps codes to the exit codes of CLI.md', () => {
    expect(new LanesError('E_USAGE', 'x').exitCode).toBe(2);
    expect(new LanesError('E_NOT_STALE', 'x').exitCode).toBe(3);
    expect(new LanesError('E_INVALID_STATE', 'x', { details: { problems: [] } }).exitCode).toBe(4);
    expect(new LanesError('E_REMOTE', 'x').exitCode).toBe(1);
    expect(Object.values(EXIT_CODES).every((c) => [1, 2, 3, 4].includes(c))).toBe(true);
  });

  it('serialises code, message, hint and details for --json', () => {
    const error = new LanesError('E_DEPENDENCIES_UNMET', 'prd-a waits', {
      hint: 'finish prd-b first',
      details: { prdId: 'prd-a', missing: ['prd-b'] },
    });
    expect(error.toJSON()).toEqual({
      code: 'E_DEPENDENCIES_UNMET',
      message: 'prd-a waits',
      hint: 'finish prd-b first',
      prdId: 'prd-a',
      missing: ['prd-b'],
    });
  });

  it('recognises lanes errors from another copy of the module', () => {
    const foreign = Object.assign(new Error('x'), { name: 'LanesError', code: 'E_REMOTE' });
    expect(isLanesError(foreign)).toBe(true);
    expect(isLanesError(new Error('x'))).toBe(false);
  });
});
