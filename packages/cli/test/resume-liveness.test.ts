import { sandboxEnv, run, type Sandbox } from '@lanes/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { lanesJson, seededSandbox } from './lifecycle.js';

// Issue 31 item 7: a resume removes the heartbeat ref of the session it took over, so
// taken-over sessions no longer leave one ref each on the remote for good.

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.cleanup();
  sandbox = undefined;
});

const OLD = 'agent-000001';
const heartbeatRefs = async (target: Sandbox) =>
  (await target.git(target.remote, 'for-each-ref', '--format=%(refname)', 'refs/lanes/heartbeats/'))
    .split('\n')
    .filter(Boolean);

describe('lanes resume', () => {
  it('removes the heartbeat ref of the session it takes over', async () => {
    sandbox = await seededSandbox(
      { prds: [{ id: 'prd-alpha' }], locks: [{ sessionId: OLD, prdId: 'prd-alpha' }] },
      { clones: 2 },
    );
    const [c1, c2] = sandbox.clones as [string, string];
    // The stale session's last ping, a day old, as its heartbeat ref.
    const tree = await sandbox.git(c1, 'hash-object', '-t', 'tree', '/dev/null');
    const old = await run('git', ['commit-tree', '-m', `lanes heartbeat ${OLD}`, tree], {
      cwd: c1,
      env: sandboxEnv({ GIT_COMMITTER_DATE: '2020-01-01T00:00:00Z' }),
    });
    await sandbox.git(
      c1,
      'push',
      '-q',
      'origin',
      `${old.stdout.trim()}:refs/lanes/heartbeats/${OLD}`,
    );
    expect(await heartbeatRefs(sandbox)).toEqual([`refs/lanes/heartbeats/${OLD}`]);

    const resumed = await lanesJson<{ sessionId: string; previousHolder: string }>(c2, [
      'resume',
      'alpha',
    ]);
    expect(resumed.previousHolder).toBe(OLD);
    expect(await heartbeatRefs(sandbox)).toEqual([`refs/lanes/heartbeats/${resumed.sessionId}`]);
  });
});
