import { describe, expect, it } from 'vitest';
import { busyReport, READ_AT } from '../test/views-fixture.js';
import { buildViewModel } from './model.js';
import { progressBar, renderScreen } from './terminal.js';

const model = () => buildViewModel(busyReport(), READ_AT);
const later = (seconds: number) => new Date(READ_AT.getTime() + seconds * 1000);
const screen = (options: Partial<Parameters<typeof renderScreen>[1]> = {}) =>
  renderScreen(model(), { now: READ_AT, width: 120, height: 60, color: false, ...options });

describe('renderScreen', () => {
  it('shows sessions with bars and who, the queue with stage and elapsed time, conflicts, recent', () => {
    const text = screen().join('\n');
    expect(text).toContain(
      'lanes · origin/lanes/state · 5 sessions, 1 stale, 1 blocked, 2 queued, 1 available',
    );
    expect(text).toMatch(
      /● prd-alpha +\[█████░░░░░\] 2\/4 US-003 +seen 1m 0s ago .*developer-a1b2c3 Ann Lee@laptop/,
    );
    expect(text).toMatch(/! prd-beta .*stale, seen 55m ago/);
    expect(text).toMatch(/✗ prd-blocked .*blocked/);
    expect(text).toContain('1. prd-merging  merging · check 2/3 for 2m 0s  developer-d4e5f6');
    expect(text).toContain('2. prd-queued   queued 10m  developer-e5f6a7');
    expect(text).toMatch(/prd-alpha ↔ prd-beta {2}paths: src\/a/);
    expect(text).toContain('prd-later  waits for prd-alpha');
    expect(text).toMatch(/✓ prd-done {2}2026-02-18 10:00/);
    expect(text).toMatch(/✗ prd-gone .*superseded by prd-alpha/);
    expect(text).not.toContain('\u001b');
  });

  it('ages the times against the clock of each redraw', () => {
    const first = screen({ now: later(0) }).join('\n');
    const next = screen({ now: later(30) }).join('\n');
    expect(first).toContain('read 0s ago');
    expect(next).toContain('read 30s ago');
    expect(next).toContain('seen 1m 30s ago');
    expect(next).toContain('check 2/3 for 2m 30s');
  });

  it('fits the terminal: every line within its width, the overflow counted', () => {
    const small = screen({ width: 50, height: 10 });
    expect(small).toHaveLength(10);
    for (const line of small) expect([...line].length).toBeLessThanOrEqual(50);
    expect(small.at(-1)).toMatch(/… \d+ more lines/);
  });

  it('says when the last read failed, and colours only when asked', () => {
    const failed = screen({ problem: 'could not reach origin', color: true });
    expect(failed.join('\n')).toContain('remote: ');
    expect(failed.join('\n')).toContain('could not reach origin');
    expect(failed.join('\n')).toContain('\u001b[');
  });
});

describe('progressBar', () => {
  it('fills by stories done, dots when the total is unknown', () => {
    expect(progressBar({ done: 0, total: 4, current: null })).toBe('[░░░░░░░░░░]');
    expect(progressBar({ done: 4, total: 4, current: null })).toBe('[██████████]');
    expect(progressBar({ done: 1, total: null, current: null })).toBe('[··········]');
  });
});
