import { describe, expect, it } from 'vitest';
import { conflictsWithFromPaths } from './conflicts-write.js';
import { buildState, deepFreeze } from './test-builders.js';

describe('conflictsWithFromPaths', () => {
  const state = deepFreeze(
    buildState({
      shared: ['src/types/**'],
      prds: [
        { id: 'prd-a', touches: ['src/print/**', 'src/types/a.ts'] },
        {
          id: 'prd-b',
          touches: ['src/print/pdf.ts'],
          conflictsWith: [{ prdId: 'prd-a', risk: 'low' }],
        },
        {
          id: 'prd-c',
          touches: ['src/types/**'],
          conflictsWith: [{ prdId: 'prd-a', risk: 'high' }],
        },
        { id: 'prd-d', touches: ['docs/**'], conflictsWith: [{ prdId: 'prd-a', risk: 'medium' }] },
      ],
    }),
  );
  const { registry, changes } = conflictsWithFromPaths(state);
  const declared = (id: string) => registry.prds.find((entry) => entry.id === id)?.conflictsWith;

  it('adds path conflicts on both sides and raises lower declarations', () => {
    expect(declared('prd-a')).toEqual([
      { prdId: 'prd-b', risk: 'medium', sharedPaths: ['src/print/**', 'src/print/pdf.ts'] },
      { prdId: 'prd-c', risk: 'low', sharedPaths: ['src/types/**', 'src/types/a.ts'] },
    ]);
    expect(declared('prd-b')).toEqual([
      { prdId: 'prd-a', risk: 'medium', sharedPaths: ['src/print/**', 'src/print/pdf.ts'] },
    ]);
    expect(changes).toContainEqual({ prdId: 'prd-b', other: 'prd-a', from: 'low', to: 'medium' });
  });

  it('never lowers or removes a declaration made by hand', () => {
    expect(declared('prd-c')).toEqual([{ prdId: 'prd-a', risk: 'high' }]);
    expect(declared('prd-d')).toEqual([{ prdId: 'prd-a', risk: 'medium' }]);
  });

  it('changes nothing the second time', () => {
    const again = conflictsWithFromPaths({ config: state.config, registry });
    expect(again.changes).toEqual([]);
    expect(again.registry).toBe(registry);
  });
});
