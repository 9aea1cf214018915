import { describe, expect, it } from 'vitest';
import { HEARTBEAT_REFS_RECHECK_MS, judgeRefusal, probeDue } from './heartbeat-decision.js';

describe('probeDue', () => {
  const now = new Date('2026-03-02T10:00:00Z');
  it('decides when never decided, decided at an unreadable time, or a day ago', () => {
    expect(probeDue(undefined, now)).toBe(true);
    expect(probeDue({ allowed: false, checkedAt: 'garbage' }, now)).toBe(true);
    const dayAgo = new Date(now.getTime() - HEARTBEAT_REFS_RECHECK_MS).toISOString();
    expect(probeDue({ allowed: false, checkedAt: dayAgo }, now)).toBe(true);
    expect(probeDue({ allowed: true, checkedAt: '2026-03-02T09:00:00Z' }, now)).toBe(false);
    expect(probeDue({ allowed: false, checkedAt: '2026-03-01T10:00:01Z' }, now)).toBe(false);
  });

  it('never decides again what a person decided', () => {
    expect(probeDue({ allowed: false, checkedAt: null }, now)).toBe(false);
    expect(probeDue({ allowed: true, checkedAt: null }, now)).toBe(false);
  });
});

describe('judgeRefusal', () => {
  it('calls forbidden what says so: hidden refs, a DENIED rule, words naming refs/lanes', () => {
    expect(judgeRefusal('[remote rejected] (deny updating a hidden ref)', [])).toBe('forbidden');
    expect(
      judgeRefusal('[remote rejected] (hook declined)', [
        'FATAL: W refs/lanes/heartbeats/developer-a1b2c3 repo alice DENIED by fallthru',
      ]),
    ).toBe('forbidden');
    expect(
      judgeRefusal('[remote rejected] (pre-receive hook declined)', [
        'custom refs are not allowed',
      ]),
    ).toBe('forbidden');
  });

  it('a rule that gives no such reason must say it twice; trouble of the server decides nothing', () => {
    expect(
      judgeRefusal('[remote rejected] (pre-receive hook declined)', ['server busy, try again']),
    ).toBe('policy');
    expect(judgeRefusal('[remote rejected] (failed to update ref)', [])).toBe('transient');
    expect(judgeRefusal('[remote rejected] (unpacker error)', [])).toBe('transient');
  });
});
