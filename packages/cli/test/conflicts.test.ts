import type { PrdRegistryDocument } from '@lanes/core';
import { createSandbox, runLanes, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remoteDocument } from './hooks-fixture.js';
import { ago, seededSandbox } from './lifecycle.js';

// `lanes conflicts` on a state where every source of risk shows up once: real
// branches, declared paths (inside and outside shared paths), a declaration.

const A = 'developer-a1b2c3';
const B = 'developer-b2c3d4';
const SHARED = 'a\nb\nc\nd\ne\nf\n';

interface Pair {
  a: string;
  b: string;
  risk: string;
  findings: { source: string; risk: string; paths: string[] }[];
  stale: string[];
}
interface Report {
  pairs: Pair[];
  checked: number;
  branches: { compared: number; offline: boolean };
  written?: { prdId: string; other: string; from: string; to: string }[];
  commit?: string | null;
}

const summary = (report: Report) => report.pairs.map((p) => `${p.a} ${p.b} ${p.risk}`);

describe('lanes conflicts', () => {
  let sandbox: Sandbox;
  let clone: string;

  beforeAll(async () => {
    sandbox = await seededSandbox(
      {
        shared: ['src/types/**'],
        prds: [
          { id: 'prd-print', touches: ['src/print/**', 'src/shared.ts', 'src/types/print.ts'] },
          { id: 'prd-search', touches: ['src/search/**'] },
          { id: 'prd-labels', touches: ['src/print/labels.ts'] },
          { id: 'prd-types', touches: ['src/types/**'] },
          { id: 'prd-export', touches: ['src/export/**'] },
          { id: 'prd-billing', conflictsWith: [{ prdId: 'prd-search', risk: 'high' }] },
          { id: 'prd-idea', status: 'draft', touches: ['src/search/**'] },
        ],
        locks: [
          { sessionId: A, prdId: 'prd-print', claimedAt: ago(20), heartbeat: ago(1) },
          { sessionId: B, prdId: 'prd-search', claimedAt: ago(90), heartbeat: ago(60) },
        ],
      },
      { files: { 'src/shared.ts': SHARED } },
    );
    clone = sandbox.clones[0]!;
    // Both sessions' work is on the remote, and it collides in src/shared.ts.
    for (const [branch, first] of [
      ['feature/print', 'P'],
      ['feature/search', 'S'],
    ] as const) {
      await sandbox.git(clone, 'switch', '-q', '-c', branch, 'main');
      await sandbox.commit(clone, `${branch} work`, {
        'src/shared.ts': `${first}${SHARED.slice(1)}`,
      });
      await sandbox.git(clone, 'push', '-q', 'origin', branch);
    }
    await sandbox.git(clone, 'switch', '-q', 'main');
  });
  afterAll(() => sandbox.cleanup());

  it('lists every risky pair among active and available PRDs with its sources', async () => {
    const result = await runLanes(clone, ['conflicts', '--json']);
    expect(result.exitCode).toBe(0);
    const report = result.json as Report;
    expect(report.checked).toBe(9);
    expect(report.branches).toMatchObject({ compared: 1, offline: false });
    expect(summary(report)).toEqual([
      'prd-print prd-search high',
      'prd-search prd-billing high',
      'prd-print prd-labels medium',
      'prd-print prd-types low',
    ]);
    const [branches, declared, paths, shared] = report.pairs as [Pair, Pair, Pair, Pair];
    expect(branches.findings).toEqual([
      expect.objectContaining({ source: 'branches', risk: 'high', paths: ['src/shared.ts'] }),
    ]);
    expect(branches.stale).toEqual(['prd-search']);
    expect(declared.findings).toEqual([
      expect.objectContaining({ source: 'declared', risk: 'high' }),
    ]);
    expect(paths.findings).toEqual([
      expect.objectContaining({ source: 'paths', paths: ['src/print/**', 'src/print/labels.ts'] }),
    ]);
    expect(shared.findings).toEqual([expect.objectContaining({ source: 'paths', risk: 'low' })]);

    const text = await runLanes(clone, ['conflicts']);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/high {4}prd-print ↔ prd-search {2}\(stale: prd-search\)/);
    expect(text.stdout).toMatch(/branches {2}the branches conflict: src\/shared\.ts/);
    for (const line of text.stdout.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);

    const offline = await runLanes(clone, ['conflicts', '--offline', '--json']);
    expect(summary(offline.json as Report)).toEqual(summary(report));
    expect((offline.json as Report).branches.offline).toBe(true);
  });

  it('narrows to one PRD, and weighs a draft against active work', async () => {
    const labels = (await runLanes(clone, ['conflicts', 'labels', '--json'])).json as Report;
    expect(labels.checked).toBe(2);
    expect(summary(labels)).toEqual(['prd-print prd-labels medium']);
    const idea = (await runLanes(clone, ['conflicts', 'prd-idea', '--json'])).json as Report;
    expect(idea.checked).toBe(2);
    expect(summary(idea)).toEqual(['prd-search prd-idea medium']);
  });

  it('refuses an unknown PRD, a malformed id and --write offline, changing nothing', async () => {
    const tip = await sandbox.git(sandbox.remote, 'rev-parse', 'main');
    const unknown = await runLanes(clone, ['conflicts', 'prd-nope', '--json']);
    expect(unknown.exitCode).toBe(3);
    expect(unknown.json).toMatchObject({ error: { code: 'E_UNKNOWN_PRD' } });
    const malformed = await runLanes(clone, ['conflicts', 'Not An Id', '--json']);
    expect(malformed.exitCode).toBe(2);
    expect(malformed.json).toMatchObject({ error: { code: 'E_USAGE' } });
    const offline = await runLanes(clone, ['conflicts', '--write', '--offline', '--json']);
    expect(offline.exitCode).toBe(2);
    expect(await sandbox.git(sandbox.remote, 'rev-parse', 'main')).toBe(tip);
  });

  it('--write records the declared-path analysis once; a second run changes nothing', async () => {
    const first = await runLanes(clone, ['conflicts', '--write', '--json']);
    expect(first.exitCode).toBe(0);
    const report = first.json as Report;
    expect(report.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(report.written?.map((c) => `${c.prdId}>${c.other}:${c.to}`).sort()).toEqual([
      'prd-idea>prd-search:medium',
      'prd-labels>prd-print:medium',
      'prd-print>prd-labels:medium',
      'prd-print>prd-types:low',
      'prd-search>prd-idea:medium',
      'prd-types>prd-print:low',
    ]);
    const registry = await remoteDocument<PrdRegistryDocument>(sandbox, 'docs/prd-registry.json');
    expect(registry.prds.find((entry) => entry.id === 'prd-labels')?.conflictsWith).toEqual([
      { prdId: 'prd-print', risk: 'medium', sharedPaths: ['src/print/**', 'src/print/labels.ts'] },
    ]);
    const tip = await sandbox.git(sandbox.remote, 'rev-parse', 'main');
    expect(tip).toBe(report.commit);
    expect(await sandbox.git(sandbox.remote, 'log', '-1', '--format=%s', 'main')).toBe(
      'chore: record conflict analysis (6 declarations)',
    );

    const second = await runLanes(clone, ['conflicts', '--write', '--json']);
    expect(second.json).toMatchObject({ written: [], commit: null });
    expect(await sandbox.git(sandbox.remote, 'rev-parse', 'main')).toBe(tip);
    const validate = await runLanes(clone, ['validate', '--json']);
    expect(validate.json).toMatchObject({ ok: true });
  });
});

describe('lanes conflicts before lanes init', () => {
  it('says coordination is not initialized', async () => {
    const sandbox = await createSandbox({ clones: 1 });
    try {
      const result = await runLanes(sandbox.clones[0]!, ['conflicts', '--json']);
      expect(result.exitCode).toBe(3);
      expect(result.json).toMatchObject({ error: { code: 'E_NOT_INITIALIZED' } });
    } finally {
      await sandbox.cleanup();
    }
  });
});
