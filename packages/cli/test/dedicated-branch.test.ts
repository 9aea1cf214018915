import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSandbox, runLanes, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The whole lifecycle with the state on a dedicated coordination branch (`lanes`),
// as repositories with a protected main run it: main only ever gets feature work.

interface SessionJson {
  sessionId: string;
  prdId: string;
  stale: boolean;
}

describe('a session lifecycle on a dedicated coordination branch', () => {
  let sandbox: Sandbox;
  let c1: string;
  let c2: string;
  let mainBefore: string;
  // A day later for everyone: the session is stale because its clock says so, not
  // because a short timeout raced a slow machine.
  let clock: Record<string, string> = {};
  const lanes = async (cwd: string, args: string[]) => {
    const result = await runLanes(cwd, [...args, '--json'], { env: clock });
    expect(result.exitCode, `lanes ${args.join(' ')}: ${result.stdout}${result.stderr}`).toBe(0);
    return result.json as Record<string, unknown>;
  };
  const onLanes = (path: string) => sandbox.git(sandbox.remote, 'show', `lanes:${path}`);

  beforeAll(async () => {
    sandbox = await createSandbox({ clones: 2 });
    [c1, c2] = sandbox.clones as [string, string];
    mainBefore = await sandbox.git(sandbox.remote, 'rev-parse', 'main');
    await lanes(c1, ['init', '--branch', 'lanes', '--no-hooks']);
    // Every clone names the branch: main, protected, cannot point to it.
    await lanes(c2, ['init', '--branch', 'lanes', '--no-hooks']);
    const prd = join(sandbox.root, 'prd-search.json');
    await writeFile(
      prd,
      JSON.stringify({
        id: 'prd-search',
        title: 'Search',
        userStories: [{ id: 'US-001', title: 'Index', passes: false }],
      }),
    );
    await lanes(c1, ['prd', 'add', prd, '--ready']);
  });
  afterAll(() => sandbox.cleanup());

  it('keeps every document on lanes and main untouched by state changes', async () => {
    expect(JSON.parse(await onLanes('docs/prd-registry.json')).prds[0].id).toBe('prd-search');
    expect(await sandbox.git(sandbox.remote, 'rev-parse', 'main')).toBe(mainBefore);
    expect(
      (await sandbox.gitResult(sandbox.remote, 'cat-file', '-e', 'main:docs/prd-registry.json'))
        .exitCode,
    ).not.toBe(0);
  });

  it('claims, shows status and stale, resumes, unblocks and abandons, all through lanes', async () => {
    const claim = await lanes(c1, ['claim', 'search']);
    expect(claim).toMatchObject({ prdId: 'prd-search', branch: 'feature/search' });
    expect(await sandbox.git(c1, 'branch', '--show-current')).toBe('feature/search');

    const status = (await lanes(c2, ['status'])) as { sessions: SessionJson[] };
    expect(status.sessions).toEqual([
      expect.objectContaining({ prdId: 'prd-search', stale: false }),
    ]);

    clock = { LANES_NOW_OFFSET_SECONDS: String(24 * 3600) };
    const stale = (await lanes(c2, ['stale'])) as { sessions: SessionJson[] };
    expect(stale.sessions).toEqual([expect.objectContaining({ prdId: 'prd-search', stale: true })]);

    const resumed = await lanes(c2, ['resume', 'search']);
    expect(resumed).toMatchObject({ prdId: 'prd-search', branch: 'feature/search' });
    expect(resumed.sessionId).not.toBe(claim.sessionId);
    await lanes(c2, ['unblock']);
    await lanes(c2, ['heartbeat', '--completed', 'US-001']);
    const locks = JSON.parse(await onLanes('docs/session-locks.json'));
    expect(locks.sessions[0]).toMatchObject({
      sessionId: resumed.sessionId,
      completedStories: ['US-001'],
    });

    const abandoned = await lanes(c2, ['abandon', '--reason', 'not needed after all']);
    expect(abandoned).toMatchObject({ prdId: 'prd-search' });
    const registry = JSON.parse(await onLanes('docs/prd-registry.json'));
    expect(registry.abandoned).toEqual([expect.objectContaining({ id: 'prd-search' })]);
    expect(await lanes(c1, ['validate'])).toMatchObject({ ok: true, source: 'origin/lanes' });
    expect(await sandbox.git(sandbox.remote, 'rev-parse', 'main')).toBe(mainBefore);
  });
});
