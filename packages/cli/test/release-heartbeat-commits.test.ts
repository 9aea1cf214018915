import { runLanes } from '@lanes/test-utils';
import { describe, expect, it } from 'vitest';
import {
  ALPHA,
  ME,
  refuseLanesRefs,
  releaseScenario,
  remoteJson,
  type RegistryDoc,
} from './release-fixture.js';

// Issue #31 item 3: a remote that refuses `refs/lanes/*` gets every ping as a commit on
// the coordination branch. With main coordinating, the release's own pinger committed
// a heartbeat about every interval, each one invalidating the landing's lease: the
// release looped with the lock left `merging`, or gave up `blocked`.

describe('a release where heartbeats are commits on main', () => {
  it('keeps pinging while it tests, never against its own landing, and lands', async () => {
    const fixture = await releaseScenario({
      sessions: [ALPHA],
      // Short intervals: the pinger ticks every second, a fallback ping is due every 1.5 s.
      heartbeat: { timeoutMinutes: 0.1, intervalSeconds: 1 },
      // The check waits (bounded) until the session's own heartbeat commit reaches main:
      // the session stays live while it tests, and main moves under the landing.
      mergeQueue: (root) => ({
        qualityCheck: [
          'n=0',
          `until git -C ${root}/remote.git log --format=%s main | grep -q "heartbeat for ${ME}" || [ $n -ge 600 ]; do sleep 0.1; n=$((n+1)); done`,
          `git -C ${root}/remote.git log --format=%s main | grep -q "heartbeat for ${ME}"`,
        ].join('; '),
      }),
    });
    const { sandbox } = fixture;
    await refuseLanesRefs(sandbox.remote);
    const [clone] = fixture.sessionClones as [string];

    const result = await runLanes(clone, ['release', '--json'], { timeoutMs: 120_000 });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain('refuses heartbeat refs');
    // It never had a heartbeat ref: nothing to remove, nothing to complain about.
    expect(result.stderr).not.toContain('could not');
    expect(result.stderr).not.toContain('moved before the landing');
    const registry = await remoteJson<RegistryDoc>(sandbox, 'main', 'docs/prd-registry.json');
    expect(registry.completed.map((entry) => entry.id)).toEqual(['prd-alpha']);
    const locks = await remoteJson<{ sessions: unknown[] }>(
      sandbox,
      'main',
      'docs/session-locks.json',
    );
    expect(locks.sessions).toEqual([]);
    // The landing lands on top of the session's last heartbeat, not under a newer one.
    const log = (await sandbox.git(sandbox.remote, 'log', '--format=%s', 'main')).split('\n');
    expect(log[0]).toBe(`chore: complete prd-alpha (${ME})`);
  });
});
