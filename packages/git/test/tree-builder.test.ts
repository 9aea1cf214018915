import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '@lanes/test-utils';
import { openObjectReader } from '../src/object-reader.js';
import { openRepository } from '../src/repository.js';
import { buildTree, mktreeWriter } from '../src/tree-builder.js';

describe('buildTree with git mktree', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox({
      files: {
        'README.md': 'r\n',
        'docs/session-locks.json': '{}\n',
        'docs/prds/prd-a.json': '{}\n',
        'src/x.ts': 'x\n',
      },
    });
  });
  afterAll(() => sandbox.cleanup());

  it('produces exactly the tree git’s own index would', async () => {
    const clone = sandbox.clones[0]!;
    const repo = await openRepository(clone);
    const reader = openObjectReader(repo.git);
    const base = await sandbox.git(clone, 'rev-parse', 'HEAD^{tree}');
    const locks = await repo.git.check(['hash-object', '-w', '--stdin'], { input: 'L\n' });
    const store = {
      readTree: (sha: string) => reader.readTree(sha),
      writeTree: mktreeWriter(repo.git),
    };
    const built = await buildTree(store, base, [
      { path: 'docs/session-locks.json', sha: locks },
      { path: 'docs/prds/prd-a.json', sha: null },
      { path: 'docs/completed/2026-02-19/prd-a.json', sha: locks },
    ]);
    reader.close();

    await sandbox.git(clone, 'rm', '-q', 'docs/prds/prd-a.json');
    await sandbox.write(clone, 'docs/completed/2026-02-19/prd-a.json', 'L\n');
    await sandbox.write(clone, 'docs/session-locks.json', 'L\n');
    await sandbox.git(clone, 'add', '-A');
    expect(built).toBe(await sandbox.git(clone, 'write-tree'));
  });
});
