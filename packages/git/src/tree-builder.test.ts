import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isLanesError } from '@lanes/core';
import type { TreeEntry } from './object-reader.js';
import { buildTree, invalidPathReason, type TreeStore } from './tree-builder.js';

/** Trees in a Map, named by a hash of their entries: enough to see what was rebuilt. */
function memoryStore(initial: Record<string, TreeEntry[]> = {}) {
  const trees = new Map(Object.entries(initial));
  const written: TreeEntry[][] = [];
  const store: TreeStore = {
    readTree: async (sha) => {
      const entries = trees.get(sha);
      if (!entries) throw new Error(`no tree ${sha}`);
      return entries;
    },
    writeTree: async (entries) => {
      const sorted = [...entries].sort((a, b) => a.name.localeCompare(b.name));
      const sha = createHash('sha1').update(JSON.stringify(sorted)).digest('hex');
      trees.set(sha, sorted);
      written.push(sorted);
      return sha;
    },
  };
  return { store, trees, written };
}

const blob = (name: string, sha: string, mode = '100644'): TreeEntry => ({
  mode,
  type: 'blob',
  sha,
  name,
});
const tree = (name: string, sha: string): TreeEntry => ({
  mode: '040000',
  type: 'tree',
  sha,
  name,
});

describe('buildTree (pure, in memory)', () => {
  const initial = {
    root: [blob('README.md', 'r1'), tree('docs', 'docs'), tree('src', 'src-untouched')],
    docs: [blob('session-locks.json', 'l1'), tree('prds', 'prds')],
    prds: [blob('prd-a.json', 'a1', '100755')],
  };

  it('rebuilds only the trees on the written path and reuses the rest by sha', async () => {
    const { store, trees, written } = memoryStore(initial);
    const root = await buildTree(store, 'root', [{ path: 'docs/session-locks.json', sha: 'l2' }]);
    expect(written).toHaveLength(2); // docs/ and the root; src/ and docs/prds/ are reused
    const rootEntries = trees.get(root)!;
    expect(rootEntries.find((e) => e.name === 'src')!.sha).toBe('src-untouched');
    const docs = trees.get(rootEntries.find((e) => e.name === 'docs')!.sha)!;
    expect(docs).toContainEqual(blob('session-locks.json', 'l2'));
    expect(docs.find((e) => e.name === 'prds')!.sha).toBe('prds');
  });

  it('creates folders, keeps a file’s mode, and drops folders left empty', async () => {
    const { store, trees } = memoryStore(initial);
    const root = await buildTree(store, 'root', [
      { path: 'docs/prds/prd-a.json', sha: 'a2' },
      { path: 'docs/completed/2026-02-19/prd-b.json', sha: 'b1' },
    ]);
    const docs = trees.get(trees.get(root)!.find((e) => e.name === 'docs')!.sha)!;
    const prds = trees.get(docs.find((e) => e.name === 'prds')!.sha)!;
    expect(prds).toEqual([blob('prd-a.json', 'a2', '100755')]);
    const completed = trees.get(docs.find((e) => e.name === 'completed')!.sha)!;
    expect(trees.get(completed[0]!.sha)).toEqual([blob('prd-b.json', 'b1')]);

    const after = await buildTree(store, root, [{ path: 'docs/prds/prd-a.json', sha: null }]);
    const docsAfter = trees.get(trees.get(after)!.find((e) => e.name === 'docs')!.sha)!;
    expect(docsAfter.map((e) => e.name).sort()).toEqual(['completed', 'session-locks.json']);
  });

  it('returns the base tree itself when nothing changes', async () => {
    const { store, written } = memoryStore(initial);
    expect(await buildTree(store, 'root', [{ path: 'docs/nothing-here.json', sha: null }])).toBe(
      'root',
    );
    expect(await buildTree(store, 'root', [{ path: 'docs/session-locks.json', sha: 'l1' }])).toBe(
      'root',
    );
    expect(written).toHaveLength(0);
  });

  it('builds from nothing, and an empty result is the empty tree', async () => {
    const { store, trees } = memoryStore();
    const root = await buildTree(store, null, [{ path: 'docs/a.json', sha: 'x' }]);
    expect(trees.get(root)!.map((e) => e.name)).toEqual(['docs']);
    const empty = await buildTree(store, root, [{ path: 'docs/a.json', sha: null }]);
    expect(trees.get(empty)).toEqual([]);
  });

  it('refuses bad, repeated and clashing paths as bugs (E_INTERNAL)', async () => {
    const { store } = memoryStore(initial);
    for (const writes of [
      [{ path: '../escape', sha: 'x' }],
      [{ path: 'docs//a.json', sha: 'x' }],
      [{ path: '.git/config', sha: 'x' }],
      [
        { path: 'docs/a.json', sha: 'x' },
        { path: 'docs/a.json', sha: 'y' },
      ],
      [{ path: 'docs', sha: 'x' }],
      [{ path: 'README.md/inner', sha: 'x' }],
    ]) {
      const error = await buildTree(store, 'root', writes).catch((e: unknown) => e);
      expect(isLanesError(error) && error.code, JSON.stringify(writes)).toBe('E_INTERNAL');
    }
    expect(invalidPathReason('docs/prds/prd-a.json')).toBeNull();
    expect(invalidPathReason('/abs')).toMatch(/empty path component/);
  });
});
