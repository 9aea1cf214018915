import { describe, expect, it } from 'vitest';
import { decidePing, reasonToStayQuiet, stampAfter, type QuietFacts } from './ping-decision.js';

const active: QuietFacts = { skipRequested: false, claimed: true, coordinationOn: true };
const now = new Date('2026-02-19T15:20:00Z');

describe('reasonToStayQuiet', () => {
  it('goes on only for a claimed worktree with coordination on and no rebase running', () => {
    expect(reasonToStayQuiet(active)).toBeUndefined();
    expect(reasonToStayQuiet({ ...active, skipRequested: true })).toBe('LANES_SKIP_HOOKS=1');
    expect(reasonToStayQuiet({ ...active, claimed: false })).toMatch(/no claim/);
    expect(reasonToStayQuiet({ ...active, operation: 'rebase-merge' })).toBe(
      'rebase-merge in progress',
    );
    expect(reasonToStayQuiet({ ...active, coordinationOn: false })).toMatch(/solo mode/);
  });
});

describe('decidePing', () => {
  const base = { intervalSeconds: 60, throttle: true, now };

  it('pings on the first commit and then at most once per interval', () => {
    expect(decidePing(base)).toEqual({ action: 'ping', reason: 'first ping' });
    expect(decidePing({ ...base, lastPing: { at: '2026-02-19T15:19:30Z' } })).toEqual({
      action: 'skip',
      reason: 'last ping 30s ago (interval 60s)',
    });
    expect(decidePing({ ...base, lastPing: { at: '2026-02-19T15:19:00Z' } })).toMatchObject({
      action: 'ping',
      reason: 'interval elapsed',
    });
  });

  it('pings at once when the subject names a new story, not for the same one', () => {
    const lastPing = { at: '2026-02-19T15:19:50Z', story: 'US-001' };
    expect(decidePing({ ...base, lastPing, story: 'US-002' })).toEqual({
      action: 'ping',
      story: 'US-002',
      reason: 'story changed to US-002',
    });
    expect(decidePing({ ...base, lastPing, story: 'US-001' }).action).toBe('skip');
  });

  it('ignores the throttle after a rebase and distrusts unreadable or future stamps', () => {
    const recent = { at: '2026-02-19T15:19:59Z' };
    expect(decidePing({ ...base, lastPing: recent, throttle: false }).action).toBe('ping');
    expect(decidePing({ ...base, lastPing: { at: 'yesterday' } }).action).toBe('ping');
    expect(decidePing({ ...base, lastPing: { at: '2026-02-19T16:00:00Z' } }).action).toBe('ping');
  });
});

describe('stampAfter', () => {
  it('remembers the time and the latest story', () => {
    expect(
      stampAfter(
        { action: 'ping', story: 'US-003', reason: '' },
        { at: 'x', story: 'US-002' },
        now,
      ),
    ).toEqual({
      at: '2026-02-19T15:20:00.000Z',
      story: 'US-003',
    });
    expect(
      stampAfter({ action: 'ping', reason: '' }, { at: 'x', story: 'US-002' }, now).story,
    ).toBe('US-002');
  });
});
