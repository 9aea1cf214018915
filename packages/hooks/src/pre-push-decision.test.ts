import { describe, expect, it } from 'vitest';
import {
  decidePrePush,
  type OtherSession,
  type PrePushFacts,
  type PushedRefFacts,
  type SessionRisk,
} from './pre-push-decision.js';

const other: OtherSession = {
  sessionId: 'developer-b2c3d4',
  prdId: 'prd-permissions',
  branch: 'feature/permissions',
  stale: false,
  lastSeen: '2026-02-19T15:19:00Z',
};

function ownBranch(risks: SessionRisk[]): PushedRefFacts {
  return { kind: 'branch', branch: 'feature/print', deleted: false, lanesOwnedFiles: [], risks };
}

function facts(refs: PushedRefFacts[], extra: Partial<PrePushFacts> = {}): PrePushFacts {
  return { mode: 'block', allowConflict: false, refs, notes: [], ...extra };
}

const high: SessionRisk = {
  session: other,
  risk: 'high',
  findings: [
    { source: 'branches', risk: 'high', paths: ['src/auth.ts'], detail: 'the branches conflict' },
  ],
};
const medium: SessionRisk = {
  session: other,
  risk: 'medium',
  findings: [
    {
      source: 'branches',
      risk: 'medium',
      paths: ['src/a.ts'],
      detail: 'both branches change these files',
    },
  ],
};

describe('decidePrePush', () => {
  it('allows a quiet push without a word', () => {
    expect(decidePrePush(facts([ownBranch([])]))).toEqual({ action: 'allow', messages: [] });
  });

  it('blocks invalid documents on the coordination branch, listing each problem', () => {
    const decision = decidePrePush(
      facts([
        {
          kind: 'coordination',
          branch: 'main',
          problems: [
            {
              file: 'docs/session-locks.json',
              pointer: '',
              code: 'json',
              message: 'Unexpected token',
              line: 3,
              column: 7,
            },
            {
              file: 'docs/prd-registry.json',
              pointer: '/prds/0/status',
              code: 'enum',
              message: 'must be one of …',
            },
          ],
        },
      ]),
    );
    expect(decision.action).toBe('block');
    expect(decision.messages).toContain('  docs/session-locks.json:3:7: Unexpected token (json)');
    expect(decision.messages).toContain(
      '  docs/prd-registry.json /prds/0/status: must be one of … (enum)',
    );
  });

  it('blocks lanes-owned files on a feature branch and a live session’s branch; warns for a stale one', () => {
    const owned = decidePrePush(
      facts([{ ...ownBranch([]), lanesOwnedFiles: ['docs/session-locks.json'] } as PushedRefFacts]),
    );
    expect(owned.action).toBe('block');
    expect(owned.messages[0]).toMatch(
      /docs\/session-locks\.json: these files change only through lanes/,
    );

    const onTheirs: PushedRefFacts = {
      ...ownBranch([]),
      branch: other.branch,
      heldBy: other,
    } as PushedRefFacts;
    const live = decidePrePush(facts([onTheirs]));
    expect(live.action).toBe('block');
    expect(live.messages[0]).toMatch(/developer-b2c3d4 holds for prd-permissions/);

    const stale = decidePrePush(
      facts([{ ...onTheirs, heldBy: { ...other, stale: true } } as PushedRefFacts]),
    );
    expect(stale.action).toBe('warn');
    expect(stale.messages.join('\n')).toMatch(/lanes resume prd-permissions/);
  });

  it('blocks a high risk naming the session, its PRD and the files; warns for medium', () => {
    const blocked = decidePrePush(facts([ownBranch([high, medium])]));
    expect(blocked.action).toBe('block');
    const text = blocked.messages.join('\n');
    expect(text).toMatch(/developer-b2c3d4 \(prd-permissions on feature\/permissions\)/);
    expect(text).toMatch(/high: the branches conflict: src\/auth\.ts/);
    expect(text).toMatch(/warning: medium conflict risk/);

    expect(decidePrePush(facts([ownBranch([medium])])).action).toBe('warn');
  });

  it("warns, never blocks, for a high risk against a stale session's branch", () => {
    const stale = { ...high, session: { ...other, stale: true } };
    const decision = decidePrePush(facts([ownBranch([stale])]));
    expect(decision.action).toBe('warn');
    const text = decision.messages.join('\n');
    expect(text).toMatch(
      /warning: feature\/print conflicts with the work of stale session developer-b2c3d4/,
    );
    expect(text).toMatch(/high: the branches conflict: src\/auth\.ts/);
    expect(text).toMatch(/lanes resume prd-permissions/);
  });

  it('lets LANES_ALLOW_CONFLICT through a high risk only, and says so', () => {
    const allowed = decidePrePush(facts([ownBranch([high])], { allowConflict: true }));
    expect(allowed.action).toBe('warn');
    expect(allowed.messages[0]).toMatch(
      /^lanes: LANES_ALLOW_CONFLICT=1: pushing feature\/print despite/,
    );

    const owned = {
      ...ownBranch([high]),
      lanesOwnedFiles: ['docs/prd-registry.json'],
    } as PushedRefFacts;
    expect(decidePrePush(facts([owned], { allowConflict: true })).action).toBe('block');
  });

  it('only reports in warn mode, and keeps notes in front', () => {
    const decision = decidePrePush(
      facts([ownBranch([high])], { mode: 'warn', notes: ['offline'] }),
    );
    expect(decision.action).toBe('warn');
    expect(decision.messages[0]).toBe('lanes: offline');
    expect(decision.messages.at(-1)).toMatch(/"warn", so the push goes ahead/);
  });
});

describe('shared state thrown away', () => {
  const rewind: PushedRefFacts = { kind: 'rewrite', ref: 'main', what: 'non-fast-forward' };

  it('blocks a rewind, a deletion or another heartbeat deleted, whatever the conflict override', () => {
    for (const what of ['non-fast-forward', 'delete', 'heartbeat'] as const) {
      const decision = decidePrePush(
        facts([{ kind: 'rewrite', ref: 'main', what }], { allowConflict: true }),
      );
      expect(decision.action).toBe('block');
    }
  });

  it('LANES_ALLOW_REWRITE warns instead of blocking', () => {
    const decision = decidePrePush(facts([rewind], { allowRewrite: true }));
    expect(decision.action).toBe('warn');
    expect(decision.messages.join('\n')).toMatch(/LANES_ALLOW_REWRITE=1 lets it through/);
  });

  it('a reserved branch name always blocks, naming the reason', () => {
    const decision = decidePrePush(
      facts([{ kind: 'reserved-name', branch: 'heads/main', reason: 'it is ambiguous' }]),
    );
    expect(decision).toMatchObject({ action: 'block' });
    expect(decision.messages[0]).toMatch(
      /refusing to create the branch heads\/main: it is ambiguous/,
    );
  });
});
