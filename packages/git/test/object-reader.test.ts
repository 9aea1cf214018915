import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '@lanes/test-utils';
import { openObjectReader, parseCommit } from '../src/object-reader.js';
import { openRepository } from '../src/repository.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox({ files: { 'a.txt': 'ä ünïcode\n', 'dir/b.txt': 'b\n' } });
});
afterAll(() => sandbox.cleanup());

describe('openObjectReader', () => {
  it('answers many requests from one cat-file process, in order, bytes intact', async () => {
    const repo = await openRepository(sandbox.clones[0]!);
    const reader = openObjectReader(repo.git);
    try {
      const commit = await reader.readCommit('HEAD');
      expect(commit!.parents).toEqual([]);
      const root = await reader.readTree(commit!.tree);
      expect(root.map((e) => [e.name, e.type, e.mode])).toEqual([
        ['a.txt', 'blob', '100644'],
        ['dir', 'tree', '040000'],
      ]);
      const [a, missing, b] = await reader.read([
        root[0]!.sha,
        '0000000000000000000000000000000000000001',
        'HEAD:dir/b.txt',
      ]);
      expect(a!.data.toString('utf8')).toBe('ä ünïcode\n');
      expect(missing).toBeNull();
      expect(b!.type).toBe('blob');
      expect(await reader.readCommit('refs/heads/no-such-branch')).toBeNull();
    } finally {
      reader.close();
    }
  });

  it('primes trees by path in one request, passing over missing names and blobs', async () => {
    const repo = await openRepository(sandbox.clones[0]!);
    const reader = openObjectReader(repo.git);
    const commit = await reader.readCommit('HEAD');
    const tree = commit!.tree;
    await reader.primeTrees([tree, `${tree}:dir`, `${tree}:no-such-dir`, `${tree}:a.txt`]);
    const [dir] = await reader.read([`${tree}:dir`]);
    // Closed: only what was primed can still be answered, from memory.
    reader.close();
    expect((await reader.readTree(tree)).map((entry) => entry.name)).toEqual(['a.txt', 'dir']);
    expect((await reader.readTree(dir!.sha)).map((entry) => entry.name)).toEqual(['b.txt']);
    await expect(reader.readTree('0000000000000000000000000000000000000002')).rejects.toThrow();
  });

  it('reads parents from a commit object', () => {
    const data = Buffer.from('tree t1\nparent p1\nparent p2\nauthor x\n\nmessage\nparent fake\n');
    expect(parseCommit('c', data)).toEqual({ sha: 'c', tree: 't1', parents: ['p1', 'p2'] });
  });
});
