import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createSandbox,
  rememberedHeartbeatRefs,
  runLanes,
  waitForProcessesUnder,
  type Sandbox,
} from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refuseLanesRefs } from './release-fixture.js';

// Issue #31, done when: the whole lifecycle against a remote whose pre-receive refuses
// `refs/lanes/*` (every ping is a commit on the coordination branch), with the state on
// main and on a dedicated branch, with realistic and with short heartbeat intervals.

interface LockJson {
  sessionId: string;
  prdId: string;
  status: string;
  heartbeat: string;
}

const PRDS = ['alpha', 'beta', 'gamma'];
const DAY_LATER = { LANES_NOW_OFFSET_SECONDS: String(24 * 3600) };

describe.each([
  { branch: 'main', timeoutMinutes: 10, intervalSeconds: 60 },
  { branch: 'main', timeoutMinutes: 1, intervalSeconds: 1 },
  { branch: 'lanes/state', timeoutMinutes: 10, intervalSeconds: 60 },
  { branch: 'lanes/state', timeoutMinutes: 1, intervalSeconds: 1 },
])(
  'the lifecycle where the remote refuses refs/lanes/*, state on $branch, timeout $timeoutMinutes min, interval $intervalSeconds s',
  ({ branch, timeoutMinutes, intervalSeconds }) => {
    let sandbox: Sandbox;
    let c1: string;
    let c2: string;
    const lanes = async (cwd: string, args: string[], env: Record<string, string> = {}) => {
      const result = await runLanes(cwd, [...args, '--json'], { env, timeoutMs: 120_000 });
      expect(result.exitCode, `lanes ${args.join(' ')}: ${result.stdout}${result.stderr}`).toBe(0);
      // A hook's detached ping may still be on its way: the next step starts after it.
      await waitForProcessesUnder(sandbox.root);
      return result as typeof result & { json: Record<string, unknown> };
    };
    const doc = async <T>(path: string): Promise<T> =>
      JSON.parse(await sandbox.git(sandbox.remote, 'show', `${branch}:${path}`)) as T;
    const locks = async () =>
      (await doc<{ sessions: LockJson[] }>('docs/session-locks.json')).sessions;
    const commitAndPush = async (clone: string, file: string) => {
      await sandbox.commit(clone, `feat: ${file}`, { [file]: `${file}\n` });
      await waitForProcessesUnder(sandbox.root);
      await sandbox.git(clone, 'push', '-q', '-u', 'origin', 'HEAD');
      await waitForProcessesUnder(sandbox.root);
    };

    beforeAll(async () => {
      sandbox = await createSandbox({ clones: 2 });
      [c1, c2] = sandbox.clones as [string, string];
      await refuseLanesRefs(sandbox.remote);
      const init = ['init', '--branch', branch];
      await lanes(c1, init);
      await lanes(c2, init);
      // The heartbeat settings, as a person edits them: a commit on the coordination branch.
      await sandbox.git(c1, 'fetch', '-q', 'origin');
      await sandbox.git(c1, 'switch', '-q', '-c', 'settings', `origin/${branch}`);
      const project = JSON.parse(await sandbox.git(c1, 'show', 'HEAD:project.json'));
      project.agents = { ...project.agents, heartbeatTimeoutMinutes: timeoutMinutes };
      project.agents.coordination = {
        ...project.agents.coordination,
        heartbeatIntervalSeconds: intervalSeconds,
      };
      await sandbox.commit(c1, 'chore: heartbeat settings', {
        'project.json': `${JSON.stringify(project, null, 2)}\n`,
      });
      await sandbox.git(c1, 'push', '-q', 'origin', `HEAD:${branch}`);
      await sandbox.git(c1, 'switch', '-q', 'main');
      await sandbox.git(c1, 'pull', '-q', '--ff-only');
      await sandbox.git(c1, 'branch', '-q', '-D', 'settings');
      for (const id of PRDS) {
        const file = join(sandbox.root, `prd-${id}.json`);
        await writeFile(
          file,
          JSON.stringify({
            id: `prd-${id}`,
            title: `Feature ${id}`,
            userStories: [{ id: 'US-001', title: 'The work', passes: false }],
          }),
        );
        await lanes(c1, ['prd', 'add', file, '--ready']);
      }
    }, 240_000);
    afterAll(() => sandbox.cleanup());

    it('claims, pings by commits, pushes and releases', async () => {
      const claim = await lanes(c1, ['claim', 'alpha']);
      expect(claim.json).toMatchObject({ prdId: 'prd-alpha', branch: 'feature/alpha' });
      await commitAndPush(c1, 'src/alpha.ts');
      // The hook's ping found the refs refused and fell back to the lock; said so once.
      expect((await rememberedHeartbeatRefs(c1))?.allowed).toBe(false);
      const [before] = await locks();
      // Ten minutes on, a ping is due: it is a commit on the coordination branch.
      const ping = await lanes(c1, ['heartbeat'], { LANES_NOW_OFFSET_SECONDS: '600' });
      expect(ping.json).toMatchObject({ via: 'transaction' });
      const [after] = await locks();
      expect(Date.parse(after!.heartbeat)).toBeGreaterThan(Date.parse(before!.heartbeat));

      const release = await lanes(c1, ['release']);
      expect(release.json).toMatchObject({ prdId: 'prd-alpha', status: 'completed' });
      expect(release.stderr).not.toContain('moved before the landing');
      expect(release.stderr).not.toContain('could not');
      expect(await sandbox.git(sandbox.remote, 'show', 'main:src/alpha.ts')).toBe('src/alpha.ts');
      expect(await locks()).toEqual([]);
      expect(await sandbox.git(c1, 'worktree', 'list', '--porcelain')).not.toContain('release-');
    }, 240_000);

    it('abandons a claim', async () => {
      await lanes(c1, ['claim', 'beta']);
      await commitAndPush(c1, 'src/beta.ts');
      const abandoned = await lanes(c1, ['abandon', '--reason', 'not needed after all']);
      expect(abandoned.json).toMatchObject({ prdId: 'prd-beta' });
      const registry = await doc<{ abandoned: { id: string }[] }>('docs/prd-registry.json');
      expect(registry.abandoned).toEqual([expect.objectContaining({ id: 'prd-beta' })]);
      expect(await locks()).toEqual([]);
    }, 240_000);

    it('a stale session is resumed elsewhere and released from there', async () => {
      const claim = await lanes(c1, ['claim', 'gamma']);
      await commitAndPush(c1, 'src/gamma.ts');
      const stale = await lanes(c2, ['stale'], DAY_LATER);
      expect(stale.json).toMatchObject({
        sessions: [expect.objectContaining({ prdId: 'prd-gamma', stale: true })],
      });
      const resumed = await lanes(c2, ['resume', 'gamma'], DAY_LATER);
      expect(resumed.json).toMatchObject({ prdId: 'prd-gamma', branch: 'feature/gamma' });
      expect(resumed.json.sessionId).not.toBe(claim.json.sessionId);
      await commitAndPush(c2, 'src/gamma-more.ts');
      const release = await lanes(c2, ['release'], DAY_LATER);
      expect(release.json).toMatchObject({ prdId: 'prd-gamma', status: 'completed' });
      expect(await sandbox.git(sandbox.remote, 'show', 'main:src/gamma-more.ts')).toBe(
        'src/gamma-more.ts',
      );
      const registry = await doc<{ completed: { id: string }[] }>('docs/prd-registry.json');
      expect(registry.completed.map((entry) => entry.id)).toEqual(['prd-alpha', 'prd-gamma']);
      expect(await locks()).toEqual([]);
      expect(await lanes(c2, ['validate'])).toMatchObject({ json: { ok: true } });
    }, 240_000);
  },
);
