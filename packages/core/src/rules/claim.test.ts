import { describe, expect, it } from 'vitest';
import { checkClaim, startingSession, type ClaimCheck } from './claim.js';
import { buildState, isoAfter, minutesAfter, ping, type StateSpec } from './test-builders.js';

const ME = 'dev-aaaaaa';
const OTHER = 'dev-bbbbbb';
const NOW = minutesAfter(5);

function claim(
  spec: StateSpec,
  prdId: string,
  extra: { force?: boolean; picked?: boolean; now?: Date } = {},
): ClaimCheck {
  return checkClaim({
    state: buildState(spec),
    prdId,
    sessionId: ME,
    liveness: [],
    now: NOW,
    ...extra,
  });
}

function refusal(result: ClaimCheck) {
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}

describe('checkClaim', () => {
  it('accepts a ready, unclaimed PRD with its dependencies completed', () => {
    const result = claim(
      { prds: [{ id: 'prd-a', dependsOn: ['prd-base'] }], completed: [{ id: 'prd-base' }] },
      'prd-a',
    );
    expect(result).toEqual({ ok: true, warnings: [], branch: 'feature/a' });
  });

  it('refuses an unknown PRD and suggests similar ids', () => {
    const error = refusal(claim({ prds: [{ id: 'prd-print-templates' }] }, 'prd-print-template'));
    expect(error.code).toBe('E_UNKNOWN_PRD');
    expect(error.hint).toContain('prd-print-templates');
    expect(error.hint).toContain('lanes status');
    expect(error.details).toMatchObject({ similar: ['prd-print-templates'] });
  });

  it('refuses when this session already holds a claim, before anything else about the PRD', () => {
    const error = refusal(
      claim(
        {
          prds: [{ id: 'prd-a' }, { id: 'prd-b', status: 'draft' }],
          locks: [{ sessionId: ME, prdId: 'prd-a' }],
        },
        'prd-b',
      ),
    );
    expect(error.code).toBe('E_SESSION_BUSY');
    expect(error.details).toMatchObject({ prdId: 'prd-a' });
  });

  it('refuses a draft with a hint to promote it', () => {
    const error = refusal(claim({ prds: [{ id: 'prd-a', status: 'draft' }] }, 'prd-a'));
    expect(error.code).toBe('E_NOTHING_AVAILABLE');
    expect(error.hint).toContain('lanes prd ready prd-a');
    expect(error.details).toMatchObject({ status: 'draft' });
  });

  it('refuses an abandoned PRD', () => {
    const error = refusal(claim({ abandoned: [{ id: 'prd-a' }] }, 'prd-a'));
    expect(error.code).toBe('E_NOTHING_AVAILABLE');
    expect(error.details).toMatchObject({ prdId: 'prd-a', status: 'abandoned' });
  });

  it('answers a completed PRD with E_PRD_COMPLETED, its archive and what is available', () => {
    const spec = { prds: [{ id: 'prd-b' }], completed: [{ id: 'prd-a' }] };
    const error = refusal(claim(spec, 'prd-a'));
    expect(error.code).toBe('E_PRD_COMPLETED');
    expect(error.exitCode).toBe(3);
    expect(error.details).toMatchObject({
      prdId: 'prd-a',
      status: 'completed',
      available: ['prd-b'],
    });
    expect(error.details?.['archivedTo']).toEqual(expect.any(String));
  });

  it('answers an unknown PRD with the available ones to pick from, never `prd add`', () => {
    const error = refusal(
      claim({ prds: [{ id: 'prd-b' }, { id: 'prd-c', status: 'draft' }] }, 'prd-zzz'),
    );
    expect(error.code).toBe('E_UNKNOWN_PRD');
    expect(error.details).toMatchObject({ prdId: 'prd-zzz', available: ['prd-b'] });
    expect(error.hint).toContain('`available`');
    expect(error.hint).not.toContain('prd add');
  });

  it('refuses a PRD held by a live session, saying it is not stale', () => {
    const spec = { prds: [{ id: 'prd-a' }], locks: [{ sessionId: OTHER, prdId: 'prd-a' }] };
    const error = refusal(claim(spec, 'prd-a'));
    expect(error.code).toBe('E_ALREADY_CLAIMED');
    expect(error.details).toMatchObject({ holder: OTHER, stale: false });
    expect(error.hint).not.toContain('resume');
  });

  it('refuses a PRD held by a stale session and points to resume or abandon', () => {
    const spec = { prds: [{ id: 'prd-a' }], locks: [{ sessionId: OTHER, prdId: 'prd-a' }] };
    const error = refusal(claim(spec, 'prd-a', { now: minutesAfter(11), force: true }));
    expect(error.code).toBe('E_ALREADY_CLAIMED');
    expect(error.details).toMatchObject({ holder: OTHER, stale: true, lastSeen: isoAfter(0) });
    expect(error.hint).toContain('lanes resume prd-a');
    expect(error.hint).toContain('lanes abandon prd-a');
  });

  it('sees the holder alive through its liveness ref', () => {
    const result = checkClaim({
      state: buildState({ prds: [{ id: 'prd-a' }], locks: [{ sessionId: OTHER, prdId: 'prd-a' }] }),
      prdId: 'prd-a',
      sessionId: ME,
      liveness: [ping(OTHER, isoAfter(8))],
      now: minutesAfter(15),
    });
    expect(refusal(result).details).toMatchObject({ stale: false, lastSeen: isoAfter(8) });
  });

  it('refuses unmet dependencies with the missing ids', () => {
    const error = refusal(
      claim(
        {
          prds: [
            { id: 'prd-a', dependsOn: ['prd-b', 'prd-c', 'prd-d'] },
            { id: 'prd-b' },
            { id: 'prd-c' },
          ],
          completed: [{ id: 'prd-d' }],
        },
        'prd-a',
      ),
    );
    expect(error.code).toBe('E_DEPENDENCIES_UNMET');
    expect(error.details).toMatchObject({ missing: ['prd-b', 'prd-c'] });
  });

  const risky: StateSpec = {
    prds: [
      { id: 'prd-a', touches: ['src/print/**'] },
      { id: 'prd-b', conflictsWith: [{ prdId: 'prd-a', risk: 'high' }] },
      { id: 'prd-c', touches: ['src/print/pdf.ts'] },
    ],
    locks: [
      { sessionId: OTHER, prdId: 'prd-b' },
      { sessionId: 'dev-cccccc', prdId: 'prd-c' },
    ],
  };

  it('refuses high risk against active work with the findings', () => {
    const error = refusal(claim(risky, 'prd-a'));
    expect(error.code).toBe('E_CONFLICT_RISK');
    expect(error.details).toMatchObject({
      against: ['prd-b'],
      findings: [expect.objectContaining({ prdId: 'prd-b', source: 'declared', risk: 'high' })],
    });
  });

  it('lets force override high risk, keeping every risk as a warning', () => {
    const result = claim(risky, 'prd-a', { force: true });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings.map((w) => [w.prdId, w.risk])).toEqual([
      ['prd-b', 'high'],
      ['prd-c', 'medium'],
    ]);
    expect(result.warnings[0]?.message).toContain('--force');
  });

  it('names the overlapping files in the warning, and lists them in `files`', () => {
    const result = claim(risky, 'prd-a', { force: true });
    if (!result.ok) throw result.error;
    const medium = result.warnings.find((w) => w.prdId === 'prd-c');
    expect(medium?.files.length).toBeGreaterThan(0);
    for (const file of medium?.files ?? []) expect(medium?.message).toContain(file);
    expect(medium?.message).toMatch(/src\/print/);
  });

  it('does not let force override the risk of a PRD lanes picked', () => {
    expect(refusal(claim(risky, 'prd-a', { force: true, picked: true })).code).toBe(
      'E_CONFLICT_RISK',
    );
  });

  it('does not let force take a claimed PRD or skip dependencies', () => {
    const claimed = { prds: [{ id: 'prd-a' }], locks: [{ sessionId: OTHER, prdId: 'prd-a' }] };
    expect(refusal(claim(claimed, 'prd-a', { force: true })).code).toBe('E_ALREADY_CLAIMED');
    const waiting = { prds: [{ id: 'prd-a', dependsOn: ['prd-b'] }, { id: 'prd-b' }] };
    expect(refusal(claim(waiting, 'prd-a', { force: true })).code).toBe('E_DEPENDENCIES_UNMET');
  });

  it('uses precomputed risks (e.g. with branch evidence) over registry analysis', () => {
    const state = buildState({
      prds: [{ id: 'prd-a' }, { id: 'prd-b' }],
      locks: [{ sessionId: OTHER, prdId: 'prd-b' }],
    });
    const result = checkClaim({
      state,
      prdId: 'prd-a',
      sessionId: ME,
      liveness: [],
      now: NOW,
      risks: [
        {
          a: 'prd-b',
          b: 'prd-a',
          risk: 'high',
          findings: [{ source: 'branches', risk: 'high', paths: ['x.ts'] }],
        },
      ],
    });
    expect(refusal(result).code).toBe('E_CONFLICT_RISK');
  });

  it('reports an in_progress entry nobody holds as an invalid state', () => {
    const error = refusal(claim({ prds: [{ id: 'prd-a', status: 'in_progress' }] }, 'prd-a'));
    expect(error.code).toBe('E_INVALID_STATE');
  });

  it('refuses a branch git would refuse: applyClaim never refuses what checkClaim let through', () => {
    const error = refusal(claim({ prds: [{ id: 'prd-a', branchName: 'bad..name' }] }, 'prd-a'));
    expect(error.code).toBe('E_INVALID_STATE');
    expect(error.details).toMatchObject({ branch: 'bad..name' });
  });

  it('refuses a branch another lock already uses', () => {
    const spec: StateSpec = {
      prds: [
        { id: 'prd-a', branchName: 'shared/branch' },
        { id: 'prd-b', branchName: 'shared/branch' },
      ],
      locks: [{ sessionId: OTHER, prdId: 'prd-b' }],
    };
    const error = refusal(claim(spec, 'prd-a', { force: true }));
    expect(error.code).toBe('E_ALREADY_CLAIMED');
    expect(error.details).toMatchObject({ branch: 'shared/branch', holder: OTHER });
  });
});

describe('startingSession', () => {
  const held = buildState({
    prds: [{ id: 'prd-a' }],
    locks: [{ sessionId: 'dev-111111', prdId: 'prd-a' }],
  }).locks;
  const ids = { override: null, recorded: 'dev-111111', pending: 'dev-222222', locks: held };

  it('keeps the session of this worktree while it holds a claim, else needs a fresh one', () => {
    expect(startingSession({ ...ids, newWorktree: false })).toBe('dev-111111');
    expect(startingSession({ ...ids, recorded: null, newWorktree: false })).toBeNull();
  });

  it('starts afresh in a worktree whose session holds nothing (ended, or taken over)', () => {
    const none = buildState({ prds: [{ id: 'prd-a' }] }).locks;
    expect(startingSession({ ...ids, locks: none, newWorktree: false })).toBeNull();
  });

  it('makes a new worktree a new session: the one its interrupted start recorded, else fresh', () => {
    expect(startingSession({ ...ids, newWorktree: true })).toBe('dev-222222');
    expect(startingSession({ ...ids, pending: null, newWorktree: true })).toBeNull();
  });

  it('lets a named session win everywhere', () => {
    expect(startingSession({ ...ids, override: 'dev-333333', newWorktree: true })).toBe(
      'dev-333333',
    );
    expect(startingSession({ ...ids, override: 'dev-333333', newWorktree: false })).toBe(
      'dev-333333',
    );
  });
});
