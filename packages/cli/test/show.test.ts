import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLanes, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused, lanesJson, seededSandbox } from './lifecycle.js';

interface ShowJson {
  prdId: string;
  status: string;
  branch: string;
  sessionId: string | null;
  holder: { sessionId: string; status: string; lastSeen: string; stale: boolean } | null;
  currentStory: string | null;
  completedStories: string[];
  nextStory: string | null;
  stories: { id: string; completed: boolean; current: boolean }[];
}

describe('lanes show', () => {
  let sandbox: Sandbox;
  let c1: string;
  let c2: string;
  let session: string;

  beforeAll(async () => {
    sandbox = await seededSandbox(
      { prds: [{ id: 'prd-alpha' }, { id: 'prd-beta' }], completed: [{ id: 'prd-done' }] },
      { clones: 2 },
    );
    [c1, c2] = sandbox.clones as [string, string];
    session = (await lanesJson<{ sessionId: string }>(c1, ['claim', 'alpha'])).sessionId;
    await lanesJson(c1, ['heartbeat', '--completed', 'US-001', '--story', 'US-002']);
  }, 180_000);
  afterAll(() => sandbox.cleanup());

  it("shows the session's PRD from the coordination branch, without the PRD file in the worktree", async () => {
    await rm(join(c1, 'docs/prds/prd-alpha.json'), { force: true });
    const shown = await lanesJson<ShowJson>(c1, ['show']);
    expect(shown).toMatchObject({
      prdId: 'prd-alpha',
      status: 'in_progress',
      branch: 'feature/alpha',
      sessionId: session,
      holder: { sessionId: session, status: 'in_progress', stale: false },
      currentStory: 'US-002',
      completedStories: ['US-001'],
      nextStory: 'US-002',
    });
    expect(shown.stories.map((s) => [s.id, s.completed, s.current])).toEqual([
      ['US-001', true, false],
      ['US-002', false, true],
      ['US-003', false, false],
    ]);
    await sandbox.git(c1, 'checkout', '--', 'docs/prds/prd-alpha.json').catch(() => undefined);
  }, 60_000);

  it('lanes prime gives the same PRD and next story', async () => {
    const primed = await runLanes(c1, ['prime']);
    expect(primed.exitCode, primed.stderr).toBe(0);
    const text = primed.stdout;
    expect(text).toContain(`You are session ${session}. You hold prd-alpha`);
    expect(text).toContain('Stories: 1/3 done. Current: US-002');
    expect(text.split('\n').length).toBeLessThan(40);
  });

  it('shows a named PRD to a clone without a session, unclaimed ones with no holder', async () => {
    const alpha = await lanesJson<ShowJson>(c2, ['show', 'alpha']);
    expect(alpha.holder?.sessionId).toBe(session);
    const beta = await lanesJson<ShowJson>(c2, ['show', 'prd-beta']);
    expect(beta).toMatchObject({
      status: 'ready',
      holder: null,
      sessionId: null,
      nextStory: 'US-001',
    });
  }, 60_000);

  it('refuses without a session and without a PRD: E_NO_SESSION', async () => {
    const error = await expectRefused(sandbox, c2, ['show'], 3, 'E_NO_SESSION');
    expect(error.hint).toContain('lanes show <prd>');
  }, 60_000);

  it('refuses an unknown PRD with the ids in `available`', async () => {
    const error = await expectRefused(sandbox, c2, ['show', 'prd-nope'], 3, 'E_UNKNOWN_PRD');
    expect(error).toMatchObject({ prdId: 'prd-nope', available: ['prd-beta'] });
    expect(error.hint).toContain('`available`');
  }, 60_000);

  it('answers a completed PRD with E_PRD_COMPLETED, for show and for claim', async () => {
    for (const args of [
      ['show', 'prd-done'],
      ['claim', 'prd-done'],
    ]) {
      const error = await expectRefused(sandbox, c2, args, 3, 'E_PRD_COMPLETED');
      expect(error).toMatchObject({
        prdId: 'prd-done',
        status: 'completed',
        available: ['prd-beta'],
      });
      expect(error.archivedTo).toEqual(expect.any(String));
    }
  }, 60_000);
});

describe('lanes claim in a clone with no remote and no lanes init', () => {
  it('answers E_NOT_ENABLED (solo mode), not E_REMOTE', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lanes-solo-'));
    try {
      const { execFile } = await import('node:child_process');
      const git = (...args: string[]) =>
        new Promise<void>((resolve, reject) =>
          execFile('git', ['-C', dir, ...args], (error) => (error ? reject(error) : resolve())),
        );
      await git('init', '-q');
      await git(
        '-c',
        'user.name=t',
        '-c',
        'user.email=t@e',
        'commit',
        '-q',
        '--allow-empty',
        '-m',
        'init',
      );
      const result = await runLanes(dir, ['claim', '--json']);
      expect(result.exitCode).toBe(3);
      expect((result.json as { error: { code: string } }).error.code).toBe('E_NOT_ENABLED');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
