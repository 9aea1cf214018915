import { join } from 'node:path';
import { runLanes, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lanesJson, seededSandbox } from './lifecycle.js';

interface CheckJson {
  risk: string;
  fetched: boolean;
  stateAge: number | null;
  sessionId: string | null;
  paths: {
    path: string;
    risk: string;
    holders: { sessionId: string; prdId: string; source: string; risk: string }[];
  }[];
}

// `lanes check` across two clones (two machines) of one remote, with real git: alpha's
// session pushes a branch, beta's session asks before editing.
describe('lanes check', () => {
  let sandbox: Sandbox;
  let c1: string;
  let c2: string;
  let alpha: string;
  let beta: string;

  beforeAll(async () => {
    sandbox = await seededSandbox(
      {
        prds: [
          { id: 'prd-alpha', touches: ['src/alpha/**', 'pnpm-lock.yaml'] },
          { id: 'prd-beta' },
          { id: 'prd-gamma' },
        ],
        shared: ['pnpm-lock.yaml'],
      },
      { clones: 2 },
    );
    [c1, c2] = sandbox.clones as [string, string];
    alpha = (await lanesJson<{ sessionId: string }>(c1, ['claim', 'alpha'])).sessionId;
    await sandbox.commit(c1, 'US-001 shared work', {
      'src/shared.ts': 'export const shared = 1;\n',
      'pnpm-lock.yaml': 'lock\n',
    });
    await sandbox.git(c1, 'push', '-q', 'origin', 'feature/alpha');
    beta = (await lanesJson<{ sessionId: string }>(c2, ['claim', 'beta'])).sessionId;
  });
  afterAll(() => sandbox.cleanup());

  it('reports high with the session whose pushed branch changes the file, and exits 3', async () => {
    const result = await runLanes(c2, [
      'check',
      'src/shared.ts',
      'src/alpha/new.ts',
      'pnpm-lock.yaml',
      'README.md',
      '--json',
    ]);
    expect(result.exitCode, result.stderr).toBe(3);
    const report = result.json as CheckJson;
    expect(report).toMatchObject({ risk: 'high', fetched: true, stateAge: 0, sessionId: beta });
    expect(report.paths).toEqual([
      {
        path: 'src/shared.ts',
        risk: 'high',
        holders: [{ sessionId: alpha, prdId: 'prd-alpha', source: 'branch', risk: 'high' }],
      },
      {
        path: 'src/alpha/new.ts',
        risk: 'medium',
        holders: [{ sessionId: alpha, prdId: 'prd-alpha', source: 'touches', risk: 'medium' }],
      },
      {
        path: 'pnpm-lock.yaml',
        risk: 'low',
        holders: [
          { sessionId: alpha, prdId: 'prd-alpha', source: 'branch', risk: 'low' },
          { sessionId: alpha, prdId: 'prd-alpha', source: 'touches', risk: 'low' },
        ],
      },
      { path: 'README.md', risk: 'none', holders: [] },
    ]);
  });

  it('answers from the last fetch while it is fresh, and says so', async () => {
    const env = { LANES_CHECK_FRESH_SECONDS: '3600' };
    await lanesJson(c2, ['check', 'README.md'], env);
    const again = await runLanes(c2, ['check', 'src/shared.ts', '--json'], { env });
    expect(again.exitCode).toBe(3);
    expect(again.json).toMatchObject({ fetched: false, risk: 'high' });
    expect((again.json as CheckJson).stateAge).toBeGreaterThanOrEqual(0);
    const text = await runLanes(c2, ['check', 'src/shared.ts'], { env });
    expect(text.stdout).toContain(`${alpha} (prd-alpha) changes it on its pushed branch`);
    expect(text.stdout).toMatch(/state not fetched: fetched \d+s ago/);
  });

  it('sees a worktree of this machine: its files not pushed yet, dirty ones included', async () => {
    const claimed = await lanesJson<{ sessionId: string; worktree: string }>(c1, [
      'claim',
      'gamma',
      '--worktree',
    ]);
    await sandbox.write(claimed.worktree, 'src/gamma/wip.ts', 'work in progress\n');
    await sandbox.commit(claimed.worktree, 'US-001 gamma local', { 'src/gamma/done.ts': 'x\n' });
    await sandbox.write(claimed.worktree, 'src/gamma/wip.ts', 'more\n');
    // An absolute path is as good as a relative one.
    const result = await runLanes(c1, [
      'check',
      join(c1, 'src/gamma/wip.ts'),
      'src/gamma/done.ts',
      '--json',
    ]);
    expect(result.exitCode, result.stderr).toBe(3);
    expect((result.json as CheckJson).paths.map((p) => [p.path, p.holders])).toEqual([
      [
        'src/gamma/wip.ts',
        [{ sessionId: claimed.sessionId, prdId: 'prd-gamma', source: 'worktree', risk: 'high' }],
      ],
      [
        'src/gamma/done.ts',
        [{ sessionId: claimed.sessionId, prdId: 'prd-gamma', source: 'worktree', risk: 'high' }],
      ],
    ]);
    const text = await runLanes(c1, ['check', 'src/gamma/wip.ts']);
    expect(text.stdout).toContain(
      `high: ${claimed.sessionId} (prd-gamma) changes it, unpushed, in another worktree of this clone`,
    );
    // Another clone, even one on this machine, cannot see that worktree: nothing is pushed.
    expect((await lanesJson<CheckJson>(c2, ['check', 'src/gamma/wip.ts'])).risk).toBe('none');
  });

  it('refuses a path outside the repository and a call without paths', async () => {
    const outside = await runLanes(c2, ['check', '/etc/passwd', '--json']);
    expect(outside.exitCode).toBe(2);
    expect(outside.json).toMatchObject({ error: { code: 'E_USAGE' } });
    expect((await runLanes(c2, ['check', '--json'])).exitCode).toBe(2);
  });
});
