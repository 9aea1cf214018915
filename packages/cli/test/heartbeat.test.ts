import { createSandbox, runLanes, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claimRecord,
  expectRefused,
  lanesFile,
  lanesJson,
  localState,
  remoteEntry,
  remoteLocks,
  remoteRefs,
  remoteTip,
  seededSandbox,
} from './lifecycle.js';

interface HeartbeatJson {
  sessionId: string;
  prdId: string;
  via: string;
  currentStory: string | null;
  completedStories: string[];
  commit: string | null;
}

describe('lanes heartbeat, coordinating on main', () => {
  let sandbox: Sandbox;
  let c1: string;
  let c2: string;
  let session: string;

  beforeAll(async () => {
    sandbox = await seededSandbox({ prds: [{ id: 'prd-alpha' }] }, { clones: 2 });
    [c1, c2] = sandbox.clones as [string, string];
    session = (await lanesJson<{ sessionId: string }>(c1, ['claim', 'alpha'])).sessionId;
  });
  afterAll(() => sandbox.cleanup());

  it('pings the session ref without a coordination commit', async () => {
    const tip = await remoteTip(sandbox, 'main');
    const result = await lanesJson<HeartbeatJson>(c1, ['heartbeat']);
    expect(result).toMatchObject({
      sessionId: session,
      prdId: 'prd-alpha',
      via: 'ref',
      commit: null,
    });
    expect(await remoteTip(sandbox, 'main')).toBe(tip);
    const message = await sandbox.git(
      sandbox.remote,
      'log',
      '-1',
      '--format=%B',
      `refs/lanes/heartbeats/${session}`,
    );
    expect(message).toContain('"prdId":"prd-alpha"');
  });

  it('records the current story in lock and registry once', async () => {
    const result = await lanesJson<HeartbeatJson>(c1, ['heartbeat', '--story', 'US-002']);
    const tip = await remoteTip(sandbox, 'main');
    expect(result).toMatchObject({ currentStory: 'US-002', commit: tip });
    expect(await sandbox.git(sandbox.remote, 'log', '-1', '--format=%s', tip)).toBe(
      `chore: heartbeat ${session} (US-002)`,
    );
    expect((await remoteLocks(sandbox))[0]).toMatchObject({ currentStory: 'US-002' });
    expect(await remoteEntry(sandbox, 'prd-alpha')).toMatchObject({ currentStory: 'US-002' });

    const again = await lanesJson<HeartbeatJson>(c1, ['heartbeat', '--story', 'US-002']);
    expect(again.commit).toBeNull();
    expect(await remoteTip(sandbox, 'main')).toBe(tip);
  });

  it('records a completed story idempotently, quietly with --quiet', async () => {
    const quiet = await runLanes(c1, ['heartbeat', '--completed', 'US-001', '--quiet']);
    expect(quiet).toMatchObject({ exitCode: 0, stdout: '' });
    expect((await remoteLocks(sandbox))[0]).toMatchObject({ completedStories: ['US-001'] });
    expect(await remoteEntry(sandbox, 'prd-alpha')).toMatchObject({
      stories: { total: 3, completed: 1 },
    });
    const tip = await remoteTip(sandbox, 'main');
    const again = await lanesJson<HeartbeatJson>(c1, ['heartbeat', '--completed', 'US-001']);
    expect(again).toMatchObject({ completedStories: ['US-001'], commit: null });
    expect(await remoteTip(sandbox, 'main')).toBe(tip);
  });

  it('refuses story ids that are malformed or not in the PRD', async () => {
    const stranger = await expectRefused(
      sandbox,
      c1,
      ['heartbeat', '--story', 'US-999'],
      2,
      'E_USAGE',
    );
    expect(stranger.message).toContain('US-999');
    await expectRefused(sandbox, c1, ['heartbeat', '--completed', 'story-1'], 2, 'E_USAGE');
  });

  it('refuses a worktree without a session', async () => {
    await expectRefused(sandbox, c2, ['heartbeat'], 3, 'E_NO_SESSION');
  });

  it('answers E_NOT_OWNER once another session took the claim, and forgets it here', async () => {
    await lanesJson(c2, ['resume', 'alpha', '--force']);
    const remoteBefore = await remoteRefs(sandbox);
    const [head, branch] = await localState(sandbox, c1);
    expect(await lanesFile(sandbox, c1, 'session')).toMatch(/^developer-/);

    const lost = await runLanes(c1, ['heartbeat', '--json']);

    expect(lost.exitCode).toBe(3);
    expect((lost.json as { error: { code: string } }).error.code).toBe('E_NOT_OWNER');
    expect(await remoteRefs(sandbox)).toBe(remoteBefore);
    expect((await localState(sandbox, c1)).slice(0, 2)).toEqual([head, branch]);
    expect(await claimRecord(sandbox, c1)).toBeNull();
    // The session is over, its id forgotten: a next claim here is a new session.
    expect(await lanesFile(sandbox, c1, 'session')).toBeNull();
    await expectRefused(sandbox, c1, ['heartbeat'], 3, 'E_NO_SESSION');
  });
});

describe('lanes heartbeat with a dedicated coordination branch (lanes)', () => {
  it('records progress on lanes and leaves main alone', async () => {
    const sandbox = await createSandbox({ clones: 1 });
    try {
      const clone = sandbox.clones[0]!;
      await lanesJson(clone, ['init', '--branch', 'lanes', '--no-hooks']);
      await sandbox.write(
        clone,
        '../prd-a.json',
        JSON.stringify({ id: 'prd-a', title: 'A', userStories: [{ id: 'US-001', title: 'one' }] }),
      );
      await lanesJson(clone, ['prd', 'add', '../prd-a.json', '--ready']);
      await lanesJson(clone, ['claim', 'prd-a']);
      const main = await remoteTip(sandbox, 'main');

      const result = await lanesJson<HeartbeatJson>(clone, [
        'heartbeat',
        '--story',
        'US-001',
        '--completed',
        'US-001',
      ]);

      expect(result.commit).toBe(await remoteTip(sandbox, 'lanes'));
      expect(await remoteTip(sandbox, 'main')).toBe(main);
      expect((await remoteLocks(sandbox, 'lanes'))[0]).toMatchObject({
        currentStory: 'US-001',
        completedStories: ['US-001'],
      });
      expect(await remoteEntry(sandbox, 'prd-a', 'lanes')).toMatchObject({
        stories: { total: 1, completed: 1 },
      });
    } finally {
      await sandbox.cleanup();
    }
  });
});
