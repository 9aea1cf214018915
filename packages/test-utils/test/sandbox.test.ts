import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../src/sandbox.js';

let sandbox: Sandbox | undefined;
afterEach(async () => sandbox?.cleanup());

describe('createSandbox', () => {
  it('makes a bare remote on main and clones that share its history', async () => {
    sandbox = await createSandbox({ clones: 2 });
    const [a, b] = sandbox.clones as [string, string];
    const sha = await sandbox.commit(a, 'feat: one', { 'src/one.ts': 'export const one = 1;\n' });
    await sandbox.git(a, 'push', '-q', 'origin', 'main');
    await sandbox.git(b, 'pull', '-q', '--ff-only');
    expect(await sandbox.git(b, 'rev-parse', 'HEAD')).toBe(sha);
    expect(await sandbox.git(sandbox.remote, 'rev-parse', '--is-bare-repository')).toBe('true');
  });

  it('reports a failing git command with its exit code instead of throwing', async () => {
    sandbox = await createSandbox();
    const result = await sandbox.gitResult(sandbox.clones[0]!, 'rev-parse', '--verify', 'nope');
    expect(result.exitCode).not.toBe(0);
  });

  it('cleanup stops the writers still at work inside (and what they started), then removes it all', async () => {
    sandbox = await createSandbox();
    const clone = sandbox.clones[0]!;
    // Like a hook's detached ping: a process writing files in the sandbox, with a child
    // of its own, neither of them waited for by anyone.
    const writer = spawn(
      'sh',
      [
        '-c',
        `(i=0; while :; do i=$((i+1)); mkdir -p inner && : > inner/$i; done) &
echo $! > pids; echo $$ >> pids
i=0; while :; do i=$((i+1)); mkdir -p outer && : > outer/$i; done`,
      ],
      { cwd: clone, detached: true, stdio: 'ignore' },
    );
    writer.unref();
    const pidFile = join(clone, 'pids');
    await until(
      () =>
        existsSync(join(clone, 'inner', '2')) &&
        existsSync(join(clone, 'outer', '2')) &&
        readFileSync(pidFile, 'utf8').trim().split('\n').length === 2,
    );
    const pids = (await readFile(pidFile, 'utf8')).trim().split('\n').map(Number);

    try {
      await sandbox.cleanup();
      expect(existsSync(sandbox.root)).toBe(false);
      expect(pids.filter(running)).toEqual([]);
      sandbox = undefined;
    } finally {
      // Should the cleanup fail, no writer outlives the test.
      for (const pid of pids.filter(running)) process.kill(pid, 'SIGKILL');
    }
  });
});

/** Waits for a condition, with a bound generous enough for a loaded machine. */
async function until(condition: () => boolean, boundMs = 60_000): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Alive and not a zombie (a killed orphan stays one where nothing reaps it). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
