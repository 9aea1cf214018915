import { describe, expect, it } from 'vitest';
import { compareRisk, maxRisk } from './risk-level.js';
import { branchRisk, declaredRisk, pathRisk, riskBetween } from './risk.js';

const SHARED = ['src/types/**', 'pnpm-lock.yaml'];

describe('risk levels', () => {
  it('orders none < low < medium < high', () => {
    expect(maxRisk()).toBe('none');
    expect(maxRisk('low', 'high', 'medium')).toBe('high');
    expect(
      ['high', 'none', 'medium', 'low'].sort((a, b) => compareRisk(a as never, b as never)),
    ).toEqual(['none', 'low', 'medium', 'high']);
  });
});

describe('declared risk (conflictsWith)', () => {
  it.each(['high', 'medium', 'low'] as const)(
    'declared %s gives %s, read from either side',
    (risk) => {
      const a = {
        id: 'prd-a',
        conflictsWith: [{ prdId: 'prd-b', risk, sharedPaths: ['src/x/**'] }],
      };
      const b = { id: 'prd-b' };
      for (const result of [declaredRisk(a, b), declaredRisk(b, a)]) {
        expect(result.risk).toBe(risk);
        expect(result.findings).toEqual([
          expect.objectContaining({ source: 'declared', risk, paths: ['src/x/**'] }),
        ]);
      }
    },
  );

  it('keeps both directions when they differ, and ignores declarations about others', () => {
    const a = { id: 'prd-a', conflictsWith: [{ prdId: 'prd-b', risk: 'low' as const }] };
    const b = {
      id: 'prd-b',
      conflictsWith: [
        { prdId: 'prd-a', risk: 'medium' as const },
        { prdId: 'prd-c', risk: 'high' as const },
      ],
    };
    const result = declaredRisk(a, b);
    expect(result.risk).toBe('medium');
    expect(result.findings.map((f) => f.risk)).toEqual(['low', 'medium']);
    expect(declaredRisk({ id: 'prd-a' }, { id: 'prd-b' })).toEqual({ risk: 'none', findings: [] });
  });
});

describe('path risk (touches)', () => {
  it('is medium when globs overlap outside shared paths, naming the globs', () => {
    const result = pathRisk(['src/print/**'], ['src/print/pdf.ts', 'docs/x.md'], SHARED);
    expect(result.risk).toBe('medium');
    expect(result.findings).toEqual([
      expect.objectContaining({
        source: 'paths',
        risk: 'medium',
        paths: ['src/print/**', 'src/print/pdf.ts'],
      }),
    ]);
  });

  it('is low when every overlap lies in shared paths', () => {
    const result = pathRisk(['src/print/**', 'src/types/print.ts'], ['src/types/**'], SHARED);
    expect(result.risk).toBe('low');
    expect(result.findings).toEqual([
      expect.objectContaining({ risk: 'low', paths: ['src/types/**', 'src/types/print.ts'] }),
    ]);
  });

  it('is medium when one overlap is shared and another is not, keeping both findings', () => {
    const result = pathRisk(['src/**'], ['src/types/a.ts', 'src/print/a.ts'], SHARED);
    expect(result.risk).toBe('medium');
    expect(result.findings.map((f) => [f.risk, f.paths])).toEqual([
      ['medium', ['src/**', 'src/print/a.ts']],
      ['low', ['src/**', 'src/types/a.ts']],
    ]);
  });

  it('counts a broad overlap reaching beyond shared paths as medium', () => {
    expect(pathRisk(['src/**'], ['src/**'], SHARED).risk).toBe('medium');
  });

  it('is none for disjoint or missing paths', () => {
    expect(pathRisk(['src/a/**'], ['src/b/**'], SHARED)).toEqual({ risk: 'none', findings: [] });
    expect(pathRisk([], ['src/**'], SHARED).risk).toBe('none');
  });
});

describe('branch risk (real changes)', () => {
  it('is high on a textual conflict, listing the conflicting files', () => {
    const result = branchRisk(
      {
        changedA: ['src/a.ts', 'src/b.ts'],
        changedB: ['src/a.ts', 'src/b.ts'],
        conflictFiles: ['src/a.ts'],
      },
      SHARED,
    );
    expect(result.risk).toBe('high');
    expect(result.findings).toEqual([
      expect.objectContaining({ source: 'branches', risk: 'high', paths: ['src/a.ts'] }),
      expect.objectContaining({ source: 'branches', risk: 'medium', paths: ['src/b.ts'] }),
    ]);
  });

  it('is high even when the conflicting file is shared', () => {
    const result = branchRisk(
      {
        changedA: ['pnpm-lock.yaml'],
        changedB: ['pnpm-lock.yaml'],
        conflictFiles: ['pnpm-lock.yaml'],
      },
      SHARED,
    );
    expect(result.risk).toBe('high');
  });

  it('is medium when both change the same file outside shared paths', () => {
    const result = branchRisk(
      {
        changedA: ['src/print/a.ts', 'pnpm-lock.yaml'],
        changedB: ['src/print/a.ts', 'pnpm-lock.yaml'],
        conflictFiles: [],
      },
      SHARED,
    );
    expect(result.risk).toBe('medium');
    expect(result.findings.map((f) => [f.risk, f.paths])).toEqual([
      ['medium', ['src/print/a.ts']],
      ['low', ['pnpm-lock.yaml']],
    ]);
  });

  it('is low when both change only shared paths, none when nothing is common', () => {
    expect(
      branchRisk(
        {
          changedA: ['src/types/x.ts', 'a.ts'],
          changedB: ['src/types/x.ts', 'b.ts'],
          conflictFiles: [],
        },
        SHARED,
      ).risk,
    ).toBe('low');
    expect(
      branchRisk({ changedA: ['a.ts'], changedB: ['b.ts'], conflictFiles: [] }, SHARED),
    ).toEqual({
      risk: 'none',
      findings: [],
    });
  });
});

describe('riskBetween', () => {
  it('is the highest source and keeps every finding', () => {
    const a = {
      id: 'prd-a',
      touches: ['src/types/**'],
      conflictsWith: [{ prdId: 'prd-b', risk: 'low' as const }],
    };
    const b = { id: 'prd-b', touches: ['src/types/b.ts'] };
    const withoutBranches = riskBetween(a, b, { shared: SHARED });
    expect(withoutBranches).toMatchObject({ a: 'prd-a', b: 'prd-b', risk: 'low' });
    expect(withoutBranches.findings.map((f) => f.source)).toEqual(['declared', 'paths']);

    const withBranches = riskBetween(a, b, {
      shared: SHARED,
      evidence: { changedA: ['x.ts'], changedB: ['x.ts'], conflictFiles: ['x.ts'] },
    });
    expect(withBranches.risk).toBe('high');
    expect(withBranches.findings.map((f) => `${f.source}:${f.risk}`)).toEqual([
      'declared:low',
      'paths:low',
      'branches:high',
    ]);
  });

  it('is none with no declarations, no overlap and no evidence', () => {
    expect(
      riskBetween(
        { id: 'prd-a', touches: ['a/**'] },
        { id: 'prd-b', touches: ['b/**'] },
        { shared: [] },
      ),
    ).toEqual({ a: 'prd-a', b: 'prd-b', risk: 'none', findings: [] });
  });
});
