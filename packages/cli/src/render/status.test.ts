import { buildStatusReport } from '@lanes/core';
import { buildState, isoAfter, minutesAfter } from '@lanes/core/testing';
import { describe, expect, it } from 'vitest';
import { renderStale } from './stale.js';
import { renderStatus } from './status.js';

const NOW = minutesAfter(60);
const LONG = 'a title that is far too long for one line of a terminal eighty columns wide, really';

function report() {
  const state = buildState({
    prds: [
      { id: 'prd-alpha', title: LONG, stories: { total: 5, completed: 2 } },
      { id: 'prd-stuck' },
      { id: 'prd-quiet' },
      { id: 'prd-free', title: LONG },
      { id: 'prd-later', dependsOn: ['prd-alpha'] },
      { id: 'prd-idea', status: 'draft', title: LONG },
    ],
    locks: [
      {
        sessionId: 'developer-a1b2c3',
        prdId: 'prd-alpha',
        heartbeat: isoAfter(59),
        currentStory: 'US-003',
        completedStories: ['US-001', 'US-002'],
      },
      {
        sessionId: 'developer-b2c3d4',
        prdId: 'prd-stuck',
        heartbeat: isoAfter(58),
        status: 'blocked',
        blockedReason: `rebase conflict\nin ${'src/very/long/path.ts '.repeat(6)}`,
      },
      { sessionId: 'developer-c3d4e5', prdId: 'prd-quiet', heartbeat: isoAfter(5) },
    ],
    completed: Array.from({ length: 7 }, (_, i) => ({
      id: `prd-done-${i}`,
      completedAt: isoAfter(i),
    })),
    abandoned: [{ id: 'prd-gone', reason: LONG }],
  });
  return buildStatusReport({ state, liveness: [], now: NOW, source: 'origin/main', offline: true });
}

describe('renderStatus', () => {
  it('with nothing to work on tells an agent to stop or ask, not to write a PRD', () => {
    const state = buildState({ completed: [{ id: 'prd-done' }] });
    const empty = buildStatusReport({ state, liveness: [], now: NOW, source: 'x', offline: false });
    const text = renderStatus(empty, { color: false });
    expect(text).toContain('no PRDs to work on: stop, or ask a person for new work');
    expect(text).toContain("(a person registers one with 'lanes prd add <file>')");
  });

  it('draws every non-empty section within 80 columns, without colour when asked', () => {
    const text = renderStatus(report(), { color: false });
    for (const heading of ['ACTIVE (1)', 'STALE (1)', 'BLOCKED (1)', 'AVAILABLE (1)']) {
      expect(text).toContain(`\n${heading}\n`);
    }
    expect(text).toContain('WAITING (1)');
    expect(text).toContain('DRAFTS (1)');
    expect(text).toContain('COMPLETED (7)');
    expect(text).toContain('ABANDONED (1)');
    expect(text).not.toContain('MERGE QUEUE');
    expect(text).toContain('offline: showing the last fetched state');
    expect(text).toContain('developer-a1b2c3 · 2/5 US-003 · seen 1m ago · feature/alpha');
    expect(text).toContain('last seen 55m ago');
    expect(text).toContain('  prd-done-6  2026-02-19');
    expect(text).not.toContain('prd-done-1 ');
    expect(text).toContain('… and 2 more');
    expect(text).toMatch(/blocked: rebase conflict in src\/very.*…/);
    expect(text).toContain('…');
    for (const row of text.split('\n')) expect([...row].length).toBeLessThanOrEqual(80);
    expect(text).not.toContain('\u001b');
  });

  it('colours only when asked, and the colour costs no columns', () => {
    const text = renderStatus(report(), { color: true });
    expect(text).toContain('\u001b[');
    // eslint-disable-next-line no-control-regex
    const visible = text.replace(/\u001b\[[0-9;]*m/g, '');
    expect(visible).toBe(renderStatus(report(), { color: false }));
  });

  it('says so in one line when nobody works on anything', () => {
    const empty = buildStatusReport({
      state: buildState({ prds: [{ id: 'prd-free' }] }),
      liveness: [],
      now: NOW,
      source: 'origin/main',
      offline: false,
    });
    const text = renderStatus(empty, { color: false });
    expect(text).toContain('\nno active sessions\n');
    expect(text).not.toContain('ACTIVE');
    expect(text).toContain('AVAILABLE (1)');
  });
});

describe('renderStale', () => {
  it('lists each stale session with its age and the three choices', () => {
    const stale = report().sessions.filter((s) => s.stale);
    const text = renderStale(stale, { color: false, timeoutMinutes: 10 });
    expect(text.split('\n')).toEqual([
      '1 stale session (not seen for more than 10 minutes)',
      '',
      '  prd-quiet  Quiet',
      '    developer-c3d4e5 · 0/3 · last seen 55m ago · feature/quiet',
      '    resume:  lanes resume prd-quiet',
      '    abandon: lanes abandon prd-quiet --reason "…"',
      '    skip:    do nothing; it stays stale until its session pings again',
    ]);
  });

  it('says when there is none', () => {
    expect(renderStale([], { color: false, timeoutMinutes: 1 })).toBe(
      'no stale sessions: every session was seen within the last 1 minute',
    );
  });
});
