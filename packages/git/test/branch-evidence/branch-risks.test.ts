import { rename } from 'node:fs/promises';
import { createSandbox, sandboxEnv, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { branchRisks } from '../../src/branch-evidence/branch-risks.js';
import { openRepository, type Repository } from '../../src/repository.js';

// One function for claim, conflicts, status and pre-push: real branches on a real
// remote, a commit that is only here, and the registry's findings beside git's.

const SHARED = 'a\nb\nc\n';

describe('branchRisks', () => {
  let sandbox: Sandbox;
  let repo: Repository;
  let mine: string;
  let local: string;

  beforeAll(async () => {
    sandbox = await createSandbox({ clones: 2, files: { 'src/shared.ts': SHARED } });
    const [here, theirs] = sandbox.clones as [string, string];
    mine = here;
    await sandbox.git(theirs, 'switch', '-q', '-c', 'feature/search');
    await sandbox.commit(theirs, 'search', { 'src/shared.ts': `B${SHARED.slice(1)}` });
    await sandbox.git(theirs, 'push', '-q', 'origin', 'feature/search');
    await sandbox.git(mine, 'switch', '-q', '-c', 'feature/print');
    local = await sandbox.commit(mine, 'print', { 'src/shared.ts': `A${SHARED.slice(1)}` });
    repo = await openRepository(mine, { env: sandboxEnv(), remoteTimeoutMs: 3000 });
  });
  afterAll(() => sandbox.cleanup());

  const print = (commit: string) => ({
    entry: { id: 'prd-print', touches: ['docs/**'] },
    tip: { commit },
  });
  const search = {
    entry: { id: 'prd-search', touches: ['docs/**'] },
    tip: { branch: 'feature/search' },
  };
  const never = { entry: { id: 'prd-never' }, tip: { branch: 'feature/never-pushed' } };

  it('compares a commit here with a pushed branch, keeping the registry findings beside', async () => {
    const here = print(local);
    const found = await branchRisks(
      repo,
      'origin',
      [
        { a: here, b: search },
        { a: here, b: never },
      ],
      {
        offline: false,
        shared: [],
      },
    );
    expect(found).toMatchObject({ compared: 1, offline: false, problems: [] });
    const [conflict, unpushed] = found.risks;
    expect(conflict).toMatchObject({ a: 'prd-print', b: 'prd-search', risk: 'high' });
    expect(conflict!.findings.map((f) => [f.source, f.risk, f.paths])).toEqual([
      ['paths', 'medium', ['docs/**']],
      ['branches', 'high', ['src/shared.ts']],
    ]);
    // Nothing pushed yet: nothing to compare, and no problem either.
    expect(unpushed).toEqual({ a: 'prd-print', b: 'prd-never', risk: 'none', findings: [] });
  });

  it('uses the last fetched tips when the remote is out of reach, and says so', async () => {
    const here = print(local);
    await rename(sandbox.remote, `${sandbox.remote}.gone`);
    try {
      const found = await branchRisks(repo, 'origin', [{ a: here, b: search }], {
        offline: false,
        shared: [],
      });
      expect(found).toMatchObject({ compared: 1, offline: true });
      expect(found.problems).toEqual([expect.stringMatching(/cannot reach origin/)]);
      expect(found.risks[0]!.risk).toBe('high');
    } finally {
      await rename(`${sandbox.remote}.gone`, sandbox.remote);
    }
  });

  it('keeps the registry findings and names the pair git cannot compare', async () => {
    const stranger = print('f'.repeat(40));
    const found = await branchRisks(repo, 'origin', [{ a: stranger, b: search }], {
      offline: true,
      shared: [],
    });
    expect(found.compared).toBe(0);
    expect(found.problems).toEqual([expect.stringMatching(/^prd-print and prd-search: /)]);
    expect(found.risks[0]).toMatchObject({ risk: 'medium', findings: [{ source: 'paths' }] });
  });
});
