import type { Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanUp,
  commitWithHooks,
  gitWithEnv,
  pushSessions as setUp,
  SHARED,
} from './hooks-fixture.js';

// pre-push with real pushes between clones: each clone holds a claim and has the hooks
// installed; the other sessions' work is on the remote.

const conflicting = `A${SHARED.slice(1)}`;

describe('pre-push, blocking', () => {
  let sandbox: Sandbox;
  let a: string;
  let c: string;
  const remoteTip = async (branch: string) =>
    (
      await sandbox.gitResult(sandbox.remote, 'rev-parse', '-q', '--verify', `refs/heads/${branch}`)
    ).stdout.trim();

  beforeAll(async () => {
    sandbox = await setUp('block');
    [a, , c] = sandbox.clones as [string, string, string];
  });
  afterAll(() => cleanUp(sandbox));

  it('lets a push through that conflicts with nobody', async () => {
    await commitWithHooks(sandbox, c, 'export: own files', { 'src/export.ts': 'export {};\n' });
    const push = await gitWithEnv(c, {}, 'push', '-q', 'origin', 'feature/export');
    expect(push.exitCode).toBe(0);
    expect(push.stderr).not.toMatch(/lanes:/);
    expect(await remoteTip('feature/export')).toBe(await sandbox.git(c, 'rev-parse', 'HEAD'));
  });

  it('blocks a real conflict with another session’s branch, naming it; LANES_ALLOW_CONFLICT=1 lets it through', async () => {
    await commitWithHooks(sandbox, a, 'print: shared change', { 'src/shared.ts': conflicting });
    const blocked = await gitWithEnv(a, {}, 'push', '-q', 'origin', 'feature/print');
    expect(blocked.exitCode).not.toBe(0);
    expect(blocked.stderr).toMatch(
      /blocked: feature\/print conflicts with the work of session developer-b2c3d4 \(prd-search on feature\/search\)/,
    );
    expect(blocked.stderr).toMatch(/high: the branches conflict: src\/shared\.ts/);
    // What an agent does next comes before the bypass only a person should use.
    expect(blocked.stderr).toMatch(
      /`lanes release` lands your branch[\s\S]*LANES_ALLOW_CONFLICT=1/,
    );
    expect(await remoteTip('feature/print')).toBe('');

    const allowed = await gitWithEnv(
      a,
      { LANES_ALLOW_CONFLICT: '1' },
      'push',
      '-q',
      'origin',
      'feature/print',
    );
    expect(allowed.exitCode).toBe(0);
    expect(allowed.stderr).toMatch(
      /LANES_ALLOW_CONFLICT=1: pushing feature\/print despite a high conflict risk with developer-b2c3d4/,
    );
    expect(await remoteTip('feature/print')).toBe(await sandbox.git(a, 'rev-parse', 'HEAD'));
  });

  it('blocks a feature branch whose commits change a lanes-owned file', async () => {
    const before = await remoteTip('feature/export');
    await commitWithHooks(sandbox, c, 'export: tidy the locks', {
      'docs/session-locks.json': '{ "sessions": [] }\n',
    });
    try {
      const push = await gitWithEnv(c, {}, 'push', '-q', 'origin', 'feature/export');
      expect(push.exitCode).not.toBe(0);
      expect(push.stderr).toMatch(
        /feature\/export changes docs\/session-locks\.json: these files change only through lanes/,
      );
      expect(await remoteTip('feature/export')).toBe(before);
    } finally {
      await sandbox.git(c, 'reset', '-q', '--hard', 'HEAD~1');
    }
  });

  it('blocks a push onto the branch another live session holds', async () => {
    const before = await remoteTip('feature/search');
    await sandbox.git(c, 'fetch', '-q', 'origin', 'feature/search');
    await sandbox.git(c, 'switch', '-q', '-c', 'borrowed', 'FETCH_HEAD');
    await commitWithHooks(sandbox, c, 'search: a hand from export', { 'src/search.ts': '1\n' });
    const push = await gitWithEnv(c, {}, 'push', '-q', 'origin', 'HEAD:refs/heads/feature/search');
    await sandbox.git(c, 'switch', '-q', 'feature/export');
    expect(push.exitCode).not.toBe(0);
    expect(push.stderr).toMatch(
      /blocked: pushing to feature\/search, which session developer-b2c3d4 holds for prd-search/,
    );
    expect(await remoteTip('feature/search')).toBe(before);
  });

  it('blocks invalid documents pushed to the coordination branch; main stays as it was', async () => {
    const before = await remoteTip('main');
    await sandbox.git(c, 'fetch', '-q', 'origin');
    await sandbox.git(c, 'switch', '-q', '-C', 'main', 'origin/main');
    await commitWithHooks(
      sandbox,
      c,
      'chore: edit the registry by hand',
      { 'docs/prd-registry.json': '{ "version": "1.0", "prds": [\n' },
      { LANES_SKIP_HOOKS: '1' },
    );
    const push = await gitWithEnv(c, {}, 'push', '-q', 'origin', 'main');
    await sandbox.git(c, 'switch', '-q', 'feature/export');
    expect(push.exitCode).not.toBe(0);
    expect(push.stderr).toMatch(/blocked: the lanes documents pushed to main are invalid/);
    expect(push.stderr).toMatch(/docs\/prd-registry\.json/);
    expect(await remoteTip('main')).toBe(before);
  });
});

describe('pre-push with coordination.prePush "warn"', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await setUp('warn');
  });
  afterAll(() => cleanUp(sandbox));

  it('reports the conflict and pushes anyway', async () => {
    const a = sandbox.clones[0]!;
    await commitWithHooks(sandbox, a, 'print: shared change', { 'src/shared.ts': conflicting });
    const push = await gitWithEnv(a, {}, 'push', '-q', 'origin', 'feature/print');
    expect(push.exitCode).toBe(0);
    expect(push.stderr).toMatch(/conflicts with the work of session developer-b2c3d4/);
    expect(push.stderr).toMatch(/coordination\.prePush is "warn", so the push goes ahead anyway/);
    expect(await sandbox.git(sandbox.remote, 'rev-parse', 'refs/heads/feature/print')).toBe(
      await sandbox.git(a, 'rev-parse', 'HEAD'),
    );
  });
});

describe('pre-push against a stale session', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await setUp('block');
  });
  afterAll(() => cleanUp(sandbox));

  it("warns about a real conflict with a stale session's branch, and pushes", async () => {
    const a = sandbox.clones[0]!;
    await commitWithHooks(sandbox, a, 'print: shared change', { 'src/shared.ts': conflicting });
    // Three hours on, session B (whose work conflicts) has not been seen for hours.
    const later = { LANES_NOW_OFFSET_SECONDS: String(3 * 3600) };
    const push = await gitWithEnv(a, later, 'push', '-q', 'origin', 'feature/print');
    expect(push.exitCode, push.stderr).toBe(0);
    expect(push.stderr).toMatch(
      /warning: feature\/print conflicts with the work of stale session developer-b2c3d4 \(prd-search on feature\/search\)/,
    );
    expect(push.stderr).toMatch(/high: the branches conflict: src\/shared\.ts/);
    expect(push.stderr).toMatch(/lanes resume prd-search/);
    expect(push.stderr).not.toMatch(/lanes: blocked/);
    expect(await sandbox.git(sandbox.remote, 'rev-parse', 'refs/heads/feature/print')).toBe(
      await sandbox.git(a, 'rev-parse', 'HEAD'),
    );
  });
});
