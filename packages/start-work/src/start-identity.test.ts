import { describe, expect, it } from 'vitest';
import { interruptedReport } from './start-identity.js';

describe('interruptedReport', () => {
  it('says what is known at each point of a start', () => {
    expect(interruptedReport({ what: 'claim' })).toContain(
      'the claim may or may not have reached the remote: run the same command again',
    );
    expect(interruptedReport({ what: 'resume', landed: 'prd-a' })).toBe(
      'the resume of prd-a landed, its checkout did not finish: run the same command again to finish it',
    );
    expect(interruptedReport({ what: 'claim', landed: 'prd-a', recorded: true })).toBe(
      'the claim of prd-a is done; only its first heartbeat ping was cut short',
    );
  });
});
