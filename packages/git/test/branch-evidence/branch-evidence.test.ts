import { createSandbox, sandboxEnv, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { branchEvidence } from '../../src/branch-evidence/branch-evidence.js';
import { changedFiles } from '../../src/branch-evidence/changed-files.js';
import { parseSymmetricDifferences } from '../../src/branch-evidence/merge-bases.js';
import { parseMergeTreeBatch } from '../../src/branch-evidence/merge-tree.js';
import { parseTreeDiffs } from '../../src/branch-evidence/tree-diffs.js';
import { createGit } from '../../src/runner.js';
import type { EvidenceGit } from '../../src/branch-evidence/port.js';

function portAt(cwd: string): EvidenceGit {
  return createGit(cwd, { env: sandboxEnv() });
}

const TREE = '2b81fbe61e88bd23103ee35a1271852aff9d4e95';

describe('parseMergeTreeBatch', () => {
  it('reads inverted statuses and the conflicted paths of each merge', () => {
    const output = `0\0${TREE}\0f.txt\0r2.txt\0\0` + `1\0${TREE}\0\0` + `0\0${TREE}\0a\0\0`;
    expect(parseMergeTreeBatch(output, 3)).toEqual([['f.txt', 'r2.txt'], [], ['a']]);
  });

  it('refuses output that answers fewer merges than asked', () => {
    expect(() => parseMergeTreeBatch(`1\0${TREE}\0\0`, 2)).toThrow(/answered 1 of 2/);
  });
});

const [X, Y, Z, W] = ['1', '2', '3', '4'].map((digit) => digit.repeat(40)) as [
  string,
  string,
  string,
  string,
];

describe('parseSymmetricDifferences', () => {
  it('takes the first merge base of each, and none for unrelated histories', () => {
    const output = [Y, X, `^${Z}`, `^${W}`, X, Z, W, Y, `^${W}`, ''].join('\n');
    expect(parseSymmetricDifferences(output, 3)).toEqual([Z, undefined, W]);
  });

  it('refuses output that answers fewer pairs than asked', () => {
    expect(() => parseSymmetricDifferences(`${X}\n${Y}\n`, 2)).toThrow(/answered 1 of 2/);
  });
});

describe('parseTreeDiffs', () => {
  it('splits the answers at each tip, an empty diff included', () => {
    const output = `${X}\0b.ts\0a.ts\0${Y}\0${Z}\0c.ts\0`;
    expect(parseTreeDiffs(output, [X, Y, Z])).toEqual([['a.ts', 'b.ts'], [], ['c.ts']]);
  });

  it('refuses an answer that does not start with the tip asked about', () => {
    expect(() => parseTreeDiffs(`${Y}\0a.ts\0`, [X])).toThrow(/answered 0 of 1/);
  });
});

describe('branch evidence against real branches', () => {
  let sandbox: Sandbox;
  let repo: string;
  let git: EvidenceGit;

  const lines = (...values: string[]) => `${values.join('\n')}\n`;
  const ten = Array.from({ length: 10 }, (_, i) => `line ${i + 1}`);

  beforeAll(async () => {
    sandbox = await createSandbox({
      files: {
        'f.txt': lines('a', 'b', 'c', 'd', 'e', 'f'),
        'r.txt': lines(...ten),
        'keep.txt': 'k\n',
      },
    });
    repo = sandbox.clones[0] as string;
    git = portAt(repo);
    const branch = async (
      name: string,
      files: Record<string, string>,
      moves: [string, string][] = [],
    ) => {
      await sandbox.git(repo, 'checkout', '-q', '-b', name, 'main');
      for (const [from, to] of moves) await sandbox.git(repo, 'mv', from, to);
      await sandbox.commit(repo, name, files);
    };
    await branch('conflict-a', { 'f.txt': lines('A', 'b', 'c', 'd', 'e', 'f') });
    await branch('conflict-b', { 'f.txt': lines('B', 'b', 'c', 'd', 'e', 'f') });
    await branch('clean-b', { 'f.txt': lines('a', 'b', 'c', 'd', 'e', 'F') });
    await branch('rename-a', { 'r2.txt': lines(...ten.slice(0, 9), 'renamed side') }, [
      ['r.txt', 'r2.txt'],
    ]);
    await branch('rename-b', { 'r.txt': lines(...ten.slice(0, 9), 'edited side') });
    await sandbox.git(repo, 'checkout', '-q', '--orphan', 'unrelated');
    await sandbox.commit(repo, 'unrelated', { 'u.txt': 'u\n' });
  });

  afterAll(() => sandbox.cleanup());

  it('lists a branch’s files since the merge base, both paths of a rename', async () => {
    expect(await changedFiles(git, 'main', 'rename-a')).toEqual(['r.txt', 'r2.txt']);
    expect(await changedFiles(git, 'conflict-b', 'conflict-a')).toEqual(['f.txt']);
  });

  it('answers many pairs in four git processes', async () => {
    const calls: string[] = [];
    const counting: EvidenceGit = {
      run: (args, options) => {
        calls.push(args[0] as string);
        return git.run(args, options);
      },
    };
    const pairs = ['conflict-b', 'clean-b', 'rename-b', 'rename-a'].map((b) => ({
      a: 'conflict-a',
      b,
    }));
    const evidence = await branchEvidence(counting, pairs);
    expect(evidence.map((e) => e.conflictFiles)).toEqual([['f.txt'], [], [], []]);
    expect(evidence.map((e) => e.changedA)).toEqual([['f.txt'], ['f.txt'], ['f.txt'], ['f.txt']]);
    expect(calls).toEqual(['cat-file', 'rev-parse', 'diff-tree', 'merge-tree']);
  });

  it('tells a textual conflict from a clean edit of the same file, and follows renames', async () => {
    const evidence = await branchEvidence(git, [
      { a: 'conflict-a', b: 'conflict-b' },
      { a: 'conflict-a', b: 'clean-b' },
      { a: 'rename-a', b: 'rename-b' },
      { a: 'conflict-a', b: 'no-such-branch' },
      { a: 'conflict-a', b: 'unrelated' },
    ]);
    expect(evidence[0]).toEqual({
      a: 'conflict-a',
      b: 'conflict-b',
      changedA: ['f.txt'],
      changedB: ['f.txt'],
      conflictFiles: ['f.txt'],
    });
    expect(evidence[1]).toMatchObject({
      changedA: ['f.txt'],
      changedB: ['f.txt'],
      conflictFiles: [],
    });
    // Name overlap alone would miss this one: the edit of r.txt conflicts with its renamed copy.
    expect(evidence[2]).toMatchObject({
      changedA: ['r.txt', 'r2.txt'],
      changedB: ['r.txt'],
      conflictFiles: ['r2.txt'],
    });
    expect(evidence[3]).toMatchObject({
      conflictFiles: [],
      problem: expect.stringMatching(/no-such-branch/),
    });
    expect(evidence[4]).toMatchObject({
      conflictFiles: [],
      problem: expect.stringMatching(/no history/),
    });
  });
});
