import { describe, expect, it } from 'vitest';
import { busyReport, READ_AT } from '../test/views-fixture.js';
import { buildViewModel, isArchivePath, secondsSince, shortAge, whoOfSession } from './model.js';

describe('buildViewModel', () => {
  it('turns the status report into rows the three views draw', () => {
    const model = buildViewModel(busyReport(), READ_AT);
    expect(model.readAt).toBe(READ_AT.toISOString());
    expect(model.source).toBe('origin/lanes/state');
    expect(model.sessions.map((s) => [s.prdId, s.state, s.stale, s.who])).toEqual([
      ['prd-alpha', 'working', false, 'Ann Lee@laptop'],
      ['prd-beta', 'working', true, 'ci-7'],
      ['prd-blocked', 'blocked', false, ''],
      ['prd-merging', 'merging', false, ''],
      ['prd-queued', 'queued', false, ''],
    ]);
    expect(model.sessions[0]!.stories).toEqual({ done: 2, total: 4, current: 'US-003' });
    expect(model.queue).toEqual([
      expect.objectContaining({
        position: 1,
        prdId: 'prd-merging',
        status: 'merging',
        stage: 'check 2/3',
      }),
      expect.objectContaining({ position: 2, prdId: 'prd-queued', status: 'queued', stage: null }),
    ]);
    expect(model.available).toEqual([
      expect.objectContaining({ id: 'prd-free', priority: 'high', dependsOn: ['prd-done'] }),
    ]);
    expect(model.waiting).toEqual([
      expect.objectContaining({ id: 'prd-later', unmetDependencies: ['prd-alpha'] }),
    ]);
    expect(model.conflicts.prds).toEqual([
      'prd-alpha',
      'prd-beta',
      'prd-blocked',
      'prd-merging',
      'prd-queued',
    ]);
    expect(model.conflicts.pairs).toEqual([
      expect.objectContaining({ a: 'prd-alpha', b: 'prd-beta', risk: expect.any(String) }),
    ]);
    expect(model.recent.map((r) => [r.kind, r.id])).toEqual(
      expect.arrayContaining([
        ['completed', 'prd-done'],
        ['abandoned', 'prd-gone'],
      ]),
    );
    expect(model.counts).toEqual({ sessions: 5, stale: 1, blocked: 1, queued: 2, available: 1 });
  });

  it('says who from the user and host the lock carries', () => {
    expect(whoOfSession({ user: 'Ann', host: 'box' })).toBe('Ann@box');
    expect(whoOfSession({ user: 'Ann', host: null })).toBe('Ann');
    expect(whoOfSession({ user: null, host: 'box' })).toBe('box');
    expect(whoOfSession({ user: null, host: null })).toBe('');
  });
});

describe('ages', () => {
  it('counts whole seconds to now, never negative', () => {
    const now = new Date('2026-02-19T15:10:00Z');
    expect(secondsSince('2026-02-19T15:09:15Z', now)).toBe(45);
    expect(secondsSince('2026-02-19T15:11:00Z', now)).toBe(0);
    expect(secondsSince('garbage', now)).toBeNull();
    expect(secondsSince(null, now)).toBeNull();
  });

  it('is short enough for a cell', () => {
    expect([5, 65, 601, 3_700, 90_000].map(shortAge)).toEqual([
      '5s',
      '1m 5s',
      '10m',
      '1h 1m',
      '1d 1h',
    ]);
    expect(shortAge(null)).toBe('?');
  });
});

describe('isArchivePath', () => {
  const report = busyReport();
  const done = report.completed[0]!.archivedTo;
  const gone = report.abandoned[0]!.archivedTo;

  it('allows the archives the registry names and what lies in an abandoned folder', () => {
    expect(isArchivePath(report, done)).toBe(true);
    expect(isArchivePath(report, gone)).toBe(true);
    expect(isArchivePath(report, `${gone}reason.md`)).toBe(true);
  });

  it('refuses any other path, and climbing out', () => {
    expect(isArchivePath(report, 'project.json')).toBe(false);
    expect(isArchivePath(report, `${gone}../../project.json`)).toBe(false);
    expect(isArchivePath(report, `${done}/x`)).toBe(false);
  });
});
