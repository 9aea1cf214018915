import { describe, expect, it } from 'vitest';
import { chooseBestPrd, type ChooseResult } from './choose.js';
import { buildState, minutesAfter, type StateSpec } from './test-builders.js';

const ME = 'dev-aaaaaa';
const OTHER = 'dev-bbbbbb';

function choose(spec: StateSpec): ChooseResult {
  return chooseBestPrd({
    state: buildState(spec),
    sessionId: ME,
    liveness: [],
    now: minutesAfter(1),
  });
}

function chosen(result: ChooseResult): string {
  if (!result.ok) throw new Error(`refused: ${result.error.message}`);
  return result.prdId;
}

function refused(result: ChooseResult) {
  if (result.ok) throw new Error(`chose ${result.prdId}`);
  return result.error;
}

const ACTIVE = { id: 'prd-active', touches: ['src/print/**'] };
const ACTIVE_LOCK = { sessionId: OTHER, prdId: 'prd-active' };

describe('chooseBestPrd', () => {
  it('prefers lower risk against active work over priority', () => {
    const result = choose({
      prds: [
        ACTIVE,
        { id: 'prd-critical-overlap', priority: 'critical', touches: ['src/print/a.ts'] },
        { id: 'prd-low-clear', priority: 'low', touches: ['src/other/**'] },
      ],
      locks: [ACTIVE_LOCK],
    });
    expect(chosen(result)).toBe('prd-low-clear');
    expect(result).toMatchObject({ risk: 'none', warnings: [] });
  });

  it('then prefers priority critical > high > medium > low', () => {
    expect(
      chosen(
        choose({
          prds: [
            { id: 'prd-l', priority: 'low' },
            { id: 'prd-m' },
            { id: 'prd-h', priority: 'high' },
            { id: 'prd-c', priority: 'critical' },
          ],
        }),
      ),
    ).toBe('prd-c');
    expect(chosen(choose({ prds: [{ id: 'prd-l', priority: 'low' }, { id: 'prd-m' }] }))).toBe(
      'prd-m',
    );
  });

  it('then keeps registry order', () => {
    expect(chosen(choose({ prds: [{ id: 'prd-z' }, { id: 'prd-a' }] }))).toBe('prd-z');
  });

  it('passes over claimed, waiting and draft PRDs', () => {
    const result = choose({
      prds: [
        ACTIVE,
        { id: 'prd-draft', status: 'draft', priority: 'critical' },
        { id: 'prd-waits', priority: 'critical', dependsOn: ['prd-active'] },
        { id: 'prd-free', priority: 'low', touches: ['src/print/x.ts'] },
      ],
      locks: [ACTIVE_LOCK],
    });
    expect(chosen(result)).toBe('prd-free');
    expect(result).toMatchObject({
      risk: 'medium',
      warnings: [expect.objectContaining({ prdId: 'prd-active' })],
    });
  });

  it('never picks a high-risk PRD on its own and says why', () => {
    const error = refused(
      choose({
        prds: [ACTIVE, { id: 'prd-b', conflictsWith: [{ prdId: 'prd-active', risk: 'high' }] }],
        locks: [ACTIVE_LOCK],
      }),
    );
    expect(error.code).toBe('E_NOTHING_AVAILABLE');
    expect(error.hint).toContain('prd-b');
    expect(error.hint).toContain('--force');
  });

  it('explains that everything is claimed', () => {
    const error = refused(choose({ prds: [ACTIVE], locks: [ACTIVE_LOCK] }));
    expect(error.code).toBe('E_NOTHING_AVAILABLE');
    expect(error.hint).toContain('all PRDs are claimed');
  });

  it('explains waiting on dependencies and drafts', () => {
    const error = refused(
      choose({
        prds: [
          { id: 'prd-a', dependsOn: ['prd-b'] },
          { id: 'prd-b', status: 'draft' },
        ],
      }),
    );
    expect(error.hint).toContain('prd-a (needs prd-b)');
    expect(error.hint).toContain('lanes prd ready');
    expect(error.details).toMatchObject({
      waiting: [{ id: 'prd-a', unmetDependencies: ['prd-b'] }],
      drafts: ['prd-b'],
    });
  });

  it('explains an empty registry with an empty `available`, not `prd add` (that is for people)', () => {
    const error = refused(choose({}));
    expect(error.hint).toContain('`available` is empty');
    expect(error.hint).not.toContain('prd add');
    expect(error.details).toMatchObject({ available: [] });
  });

  it('refuses a session that already holds a claim', () => {
    expect(
      refused(
        choose({
          prds: [{ id: 'prd-a' }, { id: 'prd-b' }],
          locks: [{ sessionId: ME, prdId: 'prd-a' }],
        }),
      ).code,
    ).toBe('E_SESSION_BUSY');
  });
});
