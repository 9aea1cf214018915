import { describe, expect, it } from 'vitest';
import { branchOf, isZeroSha, parsePushLines } from './push-lines.js';

const A = 'a'.repeat(40);
const ZERO = '0'.repeat(40);

describe('parsePushLines', () => {
  it('reads each ref line git writes, creates and deletes included, and skips noise', () => {
    const stdin = [
      `refs/heads/feature/x ${A} refs/heads/feature/x ${ZERO}`,
      `(delete) ${ZERO} refs/heads/old ${A}`,
      'not a ref line',
      '',
    ].join('\n');
    expect(parsePushLines(stdin)).toEqual([
      {
        localRef: 'refs/heads/feature/x',
        localSha: A,
        remoteRef: 'refs/heads/feature/x',
        remoteSha: ZERO,
      },
      { localRef: '(delete)', localSha: ZERO, remoteRef: 'refs/heads/old', remoteSha: A },
    ]);
    expect(isZeroSha(ZERO)).toBe(true);
    expect(isZeroSha(A)).toBe(false);
  });

  it('names branches only', () => {
    expect(branchOf('refs/heads/feature/x')).toBe('feature/x');
    expect(branchOf('refs/tags/v1')).toBeUndefined();
    expect(branchOf('refs/lanes/heartbeats/developer-a1b2c3')).toBeUndefined();
  });
});
