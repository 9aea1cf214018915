import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openRepository } from '@lanes/git';
import { createSandbox, sandboxEnv, type Sandbox } from '@lanes/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { startPinger } from '../src/pinger.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.cleanup();
  sandbox = undefined;
});

const runs = async (log: string) =>
  (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;

async function until(condition: () => Promise<boolean>, boundMs = 60_000): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met within the bound');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the release pinger', () => {
  it('skips its ticks while a ping is in flight, so pings neither overlap nor pile up', async () => {
    sandbox = await createSandbox();
    const clone = sandbox.clones[0]!;
    // The remote takes its time over the first ping: it holds it until told to go on.
    const log = join(sandbox.root, 'pushes.log');
    const go = join(sandbox.root, 'go');
    const hook = join(sandbox.remote, 'hooks', 'pre-receive');
    await writeFile(
      hook,
      `#!/bin/sh\necho push >> '${log}'\nn=0\nwhile [ ! -e '${go}' ] && [ $n -lt 600 ]; do sleep 0.1; n=$((n+1)); done\n`,
    );
    await chmod(hook, 0o755);
    const repo = await openRepository(clone, { env: sandboxEnv() });
    const errors: unknown[] = [];
    const pinger = startPinger(
      repo,
      { remote: 'origin', branch: 'main' },
      { sessionId: 'developer-a1b2c3', prdId: 'prd-task-001' },
      10,
      (error) => errors.push(error),
    );
    await until(async () => (await runs(log)) >= 1);
    // Dozens of ticks pass while the first ping is held.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await writeFile(go, '');
    await pinger.stop();
    expect(errors).toEqual([]);
    // The held ping, and at most the one tick that came between its end and stop().
    expect(await runs(log)).toBeLessThanOrEqual(2);
  });

  it('starts no ping while the landing pushes (quiet), and pings again after', async () => {
    sandbox = await createSandbox();
    const clone = sandbox.clones[0]!;
    const log = join(sandbox.root, 'pushes.log');
    const hook = join(sandbox.remote, 'hooks', 'pre-receive');
    await writeFile(hook, `#!/bin/sh\necho push >> '${log}'\n`);
    await chmod(hook, 0o755);
    const repo = await openRepository(clone, { env: sandboxEnv() });
    const pinger = startPinger(
      repo,
      { remote: 'origin', branch: 'main' },
      { sessionId: 'developer-a1b2c3', prdId: 'prd-task-001' },
      10,
      () => {},
    );
    await until(async () => (await runs(log)) >= 1);
    const during = await pinger.quiet(async () => {
      // What was in flight has landed before the work starts; dozens of ticks pass.
      const before = await runs(log);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return (await runs(log)) - before;
    });
    expect(during).toBe(0);
    const after = await runs(log);
    await until(async () => (await runs(log)) > after);
    await pinger.stop();
  });
});
