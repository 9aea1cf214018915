import { describe, expect, it } from 'vitest';
import { highestPathRisk, pathRisks, type SessionPathEvidence } from './path-risk.js';

function session(spec: Partial<SessionPathEvidence> & { sessionId: string }): SessionPathEvidence {
  return {
    prdId: `prd-${spec.sessionId.split('-')[0]}`,
    touches: [],
    branchFiles: [],
    worktreeFiles: [],
    ...spec,
  };
}

describe('pathRisks', () => {
  const pushed = session({
    sessionId: 'alice-aaaaaa',
    touches: ['src/print/**'],
    branchFiles: ['src/print/template.ts', 'pnpm-lock.yaml'],
  });
  const local = session({ sessionId: 'bob-bbbbbb', worktreeFiles: ['src/print/template.ts'] });
  const declaring = session({ sessionId: 'carol-cccccc', touches: ['src/**/*.ts'] });

  it('is high where another session’s branch or worktree changes the file, medium where it only declares it', () => {
    const [template, other] = pathRisks(
      ['src/print/template.ts', 'src/auth/login.ts'],
      [pushed, local, declaring],
      ['pnpm-lock.yaml'],
    );
    expect(template).toEqual({
      path: 'src/print/template.ts',
      risk: 'high',
      holders: [
        { sessionId: 'alice-aaaaaa', prdId: 'prd-alice', source: 'branch', risk: 'high' },
        { sessionId: 'bob-bbbbbb', prdId: 'prd-bob', source: 'worktree', risk: 'high' },
        { sessionId: 'alice-aaaaaa', prdId: 'prd-alice', source: 'touches', risk: 'medium' },
        { sessionId: 'carol-cccccc', prdId: 'prd-carol', source: 'touches', risk: 'medium' },
      ],
    });
    expect(other).toEqual({
      path: 'src/auth/login.ts',
      risk: 'medium',
      holders: [
        { sessionId: 'carol-cccccc', prdId: 'prd-carol', source: 'touches', risk: 'medium' },
      ],
    });
  });

  it('is only low in shared paths, whatever the source', () => {
    const [lock] = pathRisks(['pnpm-lock.yaml'], [pushed], ['pnpm-lock.yaml']);
    expect(lock).toMatchObject({ risk: 'low', holders: [{ source: 'branch', risk: 'low' }] });
    const [types] = pathRisks(['src/types/a.ts'], [declaring], ['src/types/**']);
    expect(types).toMatchObject({ risk: 'low', holders: [{ source: 'touches', risk: 'low' }] });
  });

  it('is none without another session, and the highest over all paths is reported', () => {
    const risks = pathRisks(['README.md', 'src/print/x.ts'], [pushed], []);
    expect(risks[0]).toEqual({ path: 'README.md', risk: 'none', holders: [] });
    expect(highestPathRisk(risks)).toBe('medium');
    expect(highestPathRisk(pathRisks(['README.md'], [], []))).toBe('none');
  });
});
