import { describe, expect, it } from 'vitest';
import { applyAbandon } from './apply-abandon.js';
import { buildState, deepFreeze, isoAfter, minutesAfter, ping } from './test-builders.js';

const ME = 'dev-aaaaaa';
const OTHER = 'dev-bbbbbb';
const state = deepFreeze(
  buildState({
    prds: [
      { id: 'prd-mine' },
      { id: 'prd-theirs' },
      { id: 'prd-free' },
      { id: 'prd-draft', status: 'draft' },
    ],
    locks: [
      { sessionId: ME, prdId: 'prd-mine', completedStories: ['US-001'] },
      { sessionId: OTHER, prdId: 'prd-theirs' },
    ],
    completed: [{ id: 'prd-done' }],
  }),
);
const NOW = minutesAfter(30);
const base = { state, sessionId: ME, now: NOW, reason: 'superseded' };
const otherAlive = [ping(OTHER, isoAfter(29))];

describe('applyAbandon', () => {
  it('archives one’s own PRD: registry entry to abandoned, lock removed, file moved, reason written', () => {
    const result = applyAbandon({ ...base, prdId: 'prd-mine', liveness: [], tipSha: 'abc1234' });
    expect(result.entry).toEqual({
      id: 'prd-mine',
      title: 'Mine',
      abandonedAt: isoAfter(30),
      archivedTo: 'docs/abandoned/2026-02-19-prd-mine/',
      reason: 'superseded',
      sessionId: ME,
    });
    expect(result.registry.prds.map((e) => e.id)).toEqual(['prd-theirs', 'prd-free', 'prd-draft']);
    expect(result.registry.abandoned).toEqual([result.entry]);
    expect(result.locks.sessions.map((l) => l.prdId)).toEqual(['prd-theirs']);
    expect(result.branch).toBe('feature/mine');
    expect(result.files[0]).toEqual({
      kind: 'move',
      from: 'docs/prds/prd-mine.json',
      to: 'docs/abandoned/2026-02-19-prd-mine/prd-mine.json',
    });
    expect(result.files[1]).toMatchObject({
      kind: 'write',
      path: 'docs/abandoned/2026-02-19-prd-mine/reason.md',
    });
    const markdown = result.files[1]?.kind === 'write' ? result.files[1].content : '';
    expect(markdown).toContain('abc1234');
    expect(markdown).toContain('- US-001');
  });

  it('refuses a live session’s PRD with E_NOT_OWNER, unless forced', () => {
    const input = { ...base, prdId: 'prd-theirs', liveness: otherAlive };
    expect(() => applyAbandon(input)).toThrow(
      expect.objectContaining({
        code: 'E_NOT_OWNER',
        details: expect.objectContaining({ holder: OTHER, stale: false }),
      }),
    );
    expect(applyAbandon({ ...input, force: true }).entry.sessionId).toBe(OTHER);
  });

  it('allows a stale session’s PRD and records whose work it was', () => {
    expect(applyAbandon({ ...base, prdId: 'prd-theirs', liveness: [] }).entry.sessionId).toBe(
      OTHER,
    );
  });

  it('allows unclaimed ready and draft PRDs', () => {
    expect(applyAbandon({ ...base, prdId: 'prd-free', liveness: otherAlive }).branch).toBe(
      'feature/free',
    );
    const draft = applyAbandon({ ...base, prdId: 'prd-draft', liveness: [] });
    expect(draft.files[0]).toMatchObject({ from: 'docs/drafts/prd-draft.json' });
    expect(draft.entry.sessionId).toBe(ME);
  });

  it('refuses an empty reason, an unknown PRD and a completed one', () => {
    expect(() => applyAbandon({ ...base, reason: '  ', prdId: 'prd-mine', liveness: [] })).toThrow(
      expect.objectContaining({ code: 'E_USAGE' }),
    );
    expect(() => applyAbandon({ ...base, prdId: 'prd-nope', liveness: [] })).toThrow(
      expect.objectContaining({ code: 'E_UNKNOWN_PRD' }),
    );
    expect(() => applyAbandon({ ...base, prdId: 'prd-done', liveness: [] })).toThrow(
      expect.objectContaining({
        code: 'E_PRD_COMPLETED',
        details: expect.objectContaining({ prdId: 'prd-done', status: 'completed' }),
      }),
    );
  });
});
