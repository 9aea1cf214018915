import { describe, expect, it } from 'vitest';
import { renderConflicts } from './conflicts.js';
import type { ConflictsReport } from '../results.js';

const base: ConflictsReport = {
  pairs: [],
  checked: 3,
  prd: null,
  branches: { compared: 1, offline: false, problems: [] },
};

const many = Array.from({ length: 12 }, (_, i) => `src/print/templates/file-${i + 1}.ts`);

describe('renderConflicts', () => {
  it('says so when nothing is at risk', () => {
    expect(renderConflicts(base, { color: false })).toBe(
      'no conflict risk (3 pairs checked; 1 pair compared on their branches)',
    );
    expect(
      renderConflicts(
        { ...base, prd: 'prd-x', branches: { compared: 0, offline: true, problems: [] } },
        { color: false },
      ),
    ).toBe(
      'no conflict risk (3 pairs checked involving prd-x; no branches compared, last fetched tips)',
    );
  });

  it('shows each pair and its findings, wrapping long path lists inside 80 columns', () => {
    const text = renderConflicts(
      {
        ...base,
        pairs: [
          {
            a: 'prd-print',
            b: 'prd-search',
            risk: 'high',
            stale: ['prd-search'],
            findings: [
              { source: 'branches', risk: 'high', paths: many, detail: 'the branches conflict' },
              {
                source: 'declared',
                risk: 'low',
                paths: [],
                detail: 'prd-print declares low risk with prd-search',
              },
            ],
          },
        ],
      },
      { color: false },
    );
    const lines = text.split('\n');
    expect(lines[0]).toBe('conflict risk in 1 of 3 pairs; 1 pair compared on their branches');
    expect(lines[2]).toBe('  high    prd-print ↔ prd-search  (stale: prd-search)');
    expect(lines[3]).toMatch(/^ {10}high {4}branches {2}the branches conflict:/);
    expect(lines.at(-1)).toBe(
      '          low     declared  prd-print declares low risk with prd-search',
    );
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    // Wrapped, not cut: every path is there.
    for (const path of many) expect(text).toContain(path);
  });

  it('lists what --write recorded', () => {
    const text = renderConflicts(
      {
        ...base,
        written: [{ prdId: 'prd-a', other: 'prd-b', from: 'none', to: 'medium' }],
        commit: '0123456789abcdef0123456789abcdef01234567',
      },
      { color: false },
    );
    expect(text.split('\n').slice(0, 2)).toEqual([
      'recorded 1 declaration in docs/prd-registry.json (commit 0123456789ab):',
      '  prd-a → prd-b: none → medium',
    ]);
    expect(renderConflicts({ ...base, written: [], commit: null }, { color: false })).toMatch(
      /^conflictsWith in docs\/prd-registry\.json is already up to date\n/,
    );
  });
});
