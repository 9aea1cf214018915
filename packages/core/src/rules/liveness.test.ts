import { describe, expect, it } from 'vitest';
import {
  describeAge,
  isPingDue,
  isStale,
  lastSeen,
  livenessFor,
  lockLiveness,
} from './liveness.js';
import { TEST_CONFIG, buildState, isoAfter, minutesAfter, ping } from './test-builders.js';

describe('lastSeen', () => {
  it('is the newest of the ref time and the lock heartbeat', () => {
    const lock = { heartbeat: isoAfter(5) };
    expect(lastSeen(lock)).toBe(isoAfter(5));
    expect(lastSeen(lock, { at: isoAfter(7) })).toBe(isoAfter(7));
    expect(lastSeen(lock, { at: isoAfter(3) })).toBe(isoAfter(5));
    expect(lastSeen(lock, { at: 'garbage' })).toBe(isoAfter(5));
  });

  it('uses only pings of the same session and PRD', () => {
    const lock = { sessionId: 'dev-aaaaaa', prdId: 'prd-a' };
    const pings = [
      ping('dev-aaaaaa', isoAfter(1)),
      ping('dev-aaaaaa', isoAfter(9), 'prd-old'),
      ping('dev-bbbbbb', isoAfter(8)),
      ping('dev-aaaaaa', isoAfter(4), 'prd-a'),
    ];
    expect(livenessFor(lock, pings)?.at).toBe(isoAfter(4));
  });
});

describe('isStale', () => {
  const config = { heartbeatTimeoutMinutes: 10 };

  it('is live exactly at the timeout and stale one millisecond later', () => {
    const seen = isoAfter(0);
    expect(isStale(seen, config, minutesAfter(10))).toBe(false);
    expect(isStale(seen, config, new Date(minutesAfter(10).getTime() + 1))).toBe(true);
  });

  it('treats an unreadable time as stale and a future one as live', () => {
    expect(isStale('not a time', config, minutesAfter(0))).toBe(true);
    expect(isStale(isoAfter(30), config, minutesAfter(0))).toBe(false);
  });

  it('honours fractional timeouts', () => {
    expect(isStale(isoAfter(0), { heartbeatTimeoutMinutes: 0.5 }, minutesAfter(0.6))).toBe(true);
  });
});

describe('lockLiveness', () => {
  it('combines the ref and the lock into age and staleness', () => {
    const state = buildState({
      prds: [{ id: 'prd-a' }],
      locks: [{ sessionId: 'dev-aaaaaa', prdId: 'prd-a', heartbeat: isoAfter(0) }],
    });
    const lock = state.locks.sessions[0]!;
    const seen = lockLiveness(
      lock,
      [ping('dev-aaaaaa', isoAfter(15))],
      TEST_CONFIG,
      minutesAfter(20),
    );
    expect(seen).toEqual({ lastSeen: isoAfter(15), stale: false, ageMs: 5 * 60_000 });
    expect(lockLiveness(lock, [], TEST_CONFIG, minutesAfter(20)).stale).toBe(true);
  });
});

describe('describeAge', () => {
  it.each([
    [0, '0s'],
    [45_000, '45s'],
    [3 * 60_000 + 59_000, '3m'],
    [2 * 3_600_000, '2h'],
    [2 * 3_600_000 + 5 * 60_000, '2h 5m'],
    [27 * 3_600_000, '1d 3h'],
    [48 * 3_600_000, '2d'],
    [-5, '0s'],
    [Number.POSITIVE_INFINITY, 'unknown'],
  ])('%d ms → %s', (ms, text) => expect(describeAge(ms)).toBe(text));
});

describe('isPingDue', () => {
  const config = { coordination: { heartbeatIntervalSeconds: 60 } };

  it('pings first, then once the interval has passed', () => {
    expect(isPingDue(undefined, config, minutesAfter(0))).toBe(true);
    expect(isPingDue(isoAfter(0), config, new Date(minutesAfter(1).getTime() - 1))).toBe(false);
    expect(isPingDue(isoAfter(0), config, minutesAfter(1))).toBe(true);
  });

  it('pings when the last ping lies in the future or cannot be read', () => {
    expect(isPingDue(isoAfter(5), config, minutesAfter(0))).toBe(true);
    expect(isPingDue('garbage', config, minutesAfter(0))).toBe(true);
  });
});
