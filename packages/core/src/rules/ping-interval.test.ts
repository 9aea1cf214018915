import { describe, expect, it } from 'vitest';
import { isFallbackPingDue, pingIntervalMs } from './ping-interval.js';

const config = (heartbeatTimeoutMinutes: number, heartbeatIntervalSeconds: number) => ({
  heartbeatTimeoutMinutes,
  coordination: { heartbeatIntervalSeconds },
});

describe('pingIntervalMs', () => {
  it('is the configured interval when that is well within the timeout', () => {
    expect(pingIntervalMs(config(10, 60))).toBe(60_000);
  });

  it('pings three times per timeout when the interval is too long for it', () => {
    expect(pingIntervalMs(config(1, 60))).toBe(20_000);
  });

  it('never pings more than once a second (an interval of 0 means every commit, not a busy loop)', () => {
    expect(pingIntervalMs(config(10, 0))).toBe(1_000);
    expect(pingIntervalMs(config(0.01, 60))).toBe(1_000);
  });
});

describe('isFallbackPingDue', () => {
  const at = (time: string) => new Date(`2026-03-01T${time}Z`);
  const timeout = { heartbeatTimeoutMinutes: 10 };

  it('writes the lock at most once per quarter of the timeout', () => {
    expect(isFallbackPingDue('2026-03-01T10:00:00Z', timeout, at('10:02:29'))).toBe(false);
    expect(isFallbackPingDue('2026-03-01T10:00:00Z', timeout, at('10:02:30'))).toBe(true);
  });

  it('is due when the heartbeat cannot be read or lies in the future', () => {
    expect(isFallbackPingDue('yesterday', timeout, at('10:00:00'))).toBe(true);
    expect(isFallbackPingDue('2026-03-01T11:00:00Z', timeout, at('10:00:00'))).toBe(true);
  });
});
