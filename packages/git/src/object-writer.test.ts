import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '@lanes/test-utils';
import type { TreeEntry } from './object-reader.js';
import { objectWriter } from './object-writer.js';
import { commitTree, writeBlobs } from './objects.js';
import { openRepository, type Repository } from './repository.js';
import { mktreeWriter } from './tree-builder.js';

let sandbox: Sandbox;
let repo: Repository;
beforeAll(async () => {
  sandbox = await createSandbox({ files: { 'README.md': 'hello\n' } });
  repo = await openRepository(sandbox.clones[0]!);
});
afterAll(() => sandbox.cleanup());

describe('objectWriter', () => {
  it('writes the same blobs, trees and commits as git, readable by git', async () => {
    const writer = await objectWriter(repo);
    const contents = ['{"a": 1}\n', 'ä ünïcode\r\nno filters\n', ''];
    const native = await writer.blobs(contents);
    expect(native).toEqual(await writeBlobs(repo.git, contents));
    // The helper trims the output's last newline.
    expect(await sandbox.git(repo.root, 'cat-file', '-p', native[1]!)).toBe(contents[1]!.trimEnd());

    const sub = await writer.tree([{ mode: '100644', type: 'blob', sha: native[0]!, name: 'x' }]);
    // `a.b` sorts before the tree `a` (compared as `a/`), after the file `a-`.
    const entries: TreeEntry[] = [
      { mode: '040000', type: 'tree', sha: sub, name: 'a' },
      { mode: '100644', type: 'blob', sha: native[0]!, name: 'a.b' },
      { mode: '100755', type: 'blob', sha: native[1]!, name: 'a-' },
      { mode: '100644', type: 'blob', sha: native[2]!, name: 'ä' },
    ];
    const tree = await writer.tree(entries);
    expect(tree).toBe(await mktreeWriter(repo.git)(entries));
    await sandbox.git(repo.root, 'fsck', '--strict', '--no-dangling');

    const request = {
      tree,
      parents: [(await sandbox.git(repo.root, 'rev-parse', 'HEAD')).trim()],
      message: 'chore: claim prd-x for developer-a1b2c3',
      date: new Date('2026-11-24T12:00:00Z'),
    };
    const commit = await writer.commit(request);
    expect(commit).toBe(await commitTree(repo.git, request));
    // Same sha as commit-tree's: same identity, date and message, byte for byte.
    expect(await sandbox.git(repo.root, 'log', '-1', '--format=%s', commit)).toBe(request.message);
  });

  it('keeps the git plumbing for a shared repository', async () => {
    const shared = await createSandbox({ clones: 1 });
    try {
      await shared.git(shared.clones[0]!, 'config', 'core.sharedRepository', 'group');
      const sharedRepo = await openRepository(shared.clones[0]!);
      const writer = await objectWriter(sharedRepo);
      const [sha] = await writer.blobs(['x\n']);
      const mode = (
        await shared.git(
          shared.clones[0]!,
          'rev-parse',
          '--git-path',
          `objects/${sha!.slice(0, 2)}`,
        )
      ).trim();
      const { stat } = await import('node:fs/promises');
      // git made the folder group-writable (setgid, 02775); a plain mkdir would not.
      expect((await stat(`${shared.clones[0]}/${mode}`)).mode & 0o2070).toBe(0o2070);
    } finally {
      await shared.cleanup();
    }
  });
});
