import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openRepository } from '@lanes/git';
import { createSandbox, sandboxEnv, type Sandbox } from '@lanes/test-utils';
import { afterEach, expect, it } from 'vitest';
import { oneReleaseAtATime, WAIT_FOR_FIRST_MS } from '../src/one-at-a-time.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.cleanup();
  sandbox = undefined;
});

it('records the outcome and forgets outcomes older than the longest wait, keeping recent ones', async () => {
  sandbox = await createSandbox({ clones: 1 });
  const env = sandboxEnv();
  const repo = await openRepository(sandbox.clones[0]!, { env });
  const folder = join(repo.commonDir, 'lanes', 'releases');
  await mkdir(folder, { recursive: true });
  const old = join(folder, 'developer-0000a1.json');
  const recent = join(folder, 'developer-0000a2.json');
  await writeFile(old, '{"finishedAt":0}\n');
  await writeFile(recent, '{"finishedAt":0}\n');
  // Dated well past the bound, and well inside it: no race with the real clock.
  const past = (ms: number) => new Date(Date.now() - ms);
  await utimes(old, past(2 * WAIT_FOR_FIRST_MS), past(2 * WAIT_FOR_FIRST_MS));
  await utimes(recent, past(WAIT_FOR_FIRST_MS / 2), past(WAIT_FOR_FIRST_MS / 2));

  const ctx = {
    cwd: sandbox.clones[0]!,
    env,
    offline: false,
    now: () => new Date(),
    note: () => undefined,
  };
  const outcome = await oneReleaseAtATime(ctx, repo, 'developer-0000b1', async () => 'landed');

  expect(outcome).toBe('landed');
  expect((await readdir(folder)).sort()).toEqual([
    'developer-0000a2.json',
    'developer-0000b1.json',
  ]);
});
