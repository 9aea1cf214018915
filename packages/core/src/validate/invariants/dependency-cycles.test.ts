import { describe, expect, it } from 'vitest';
import type { PrdRegistryDocument, RegistryEntry } from '../../types.js';
import { dependencyCycles } from './dependency-cycles.js';

function registry(graph: Record<string, string[]>): PrdRegistryDocument {
  const prds: RegistryEntry[] = Object.entries(graph).map(([id, dependsOn]) => ({
    id,
    title: id,
    status: 'ready',
    file: `docs/prds/${id}.json`,
    dependsOn,
  }));
  return { version: '1.0', prds, completed: [], abandoned: [] };
}

const cycles = (graph: Record<string, string[]>) =>
  dependencyCycles(registry(graph)).map((p) => [
    p.pointer,
    p.message.split(': ')[1]?.split(';')[0],
  ]);

describe('dependencyCycles', () => {
  it('finds none in a diamond', () => {
    expect(
      cycles({ 'prd-a': ['prd-b', 'prd-c'], 'prd-b': ['prd-d'], 'prd-c': ['prd-d'], 'prd-d': [] }),
    ).toEqual([]);
  });

  it('reports each separate cycle once, with its path', () => {
    expect(
      cycles({
        'prd-a': ['prd-b'],
        'prd-b': ['prd-c'],
        'prd-c': ['prd-a'],
        'prd-x': ['prd-y'],
        'prd-y': ['prd-x', 'prd-a'],
      }),
    ).toEqual([
      ['/prds/2/dependsOn/0', 'prd-a → prd-b → prd-c → prd-a'],
      ['/prds/4/dependsOn/0', 'prd-x → prd-y → prd-x'],
    ]);
  });

  it('ignores dependencies outside prds (completed ones, unknown ones)', () => {
    expect(cycles({ 'prd-a': ['prd-done', 'prd-b'], 'prd-b': ['prd-gone'] })).toEqual([]);
  });
});
