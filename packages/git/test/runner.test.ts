import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLanesError } from '@lanes/core';
import { sandboxEnv } from '@lanes/test-utils';
import { createGit } from '../src/runner.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lanes-runner-'));
  await createGit(dir, { env: sandboxEnv() }).check(['init', '-q']);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('createGit', () => {
  it('resolves with the real exit code instead of rejecting', async () => {
    const git = createGit(dir, { env: sandboxEnv() });
    const result = await git.run(['rev-parse', '--verify', '--quiet', 'refs/heads/nope']);
    expect(result.exitCode).toBe(1);
    expect(result.timedOut).toBe(false);
  });

  it('feeds stdin and returns stdout', async () => {
    const git = createGit(dir, { env: sandboxEnv() });
    const sha = await git.check(['hash-object', '--stdin'], { input: 'hello\n' });
    expect(sha).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
  });

  it('check throws E_GIT carrying git’s stderr', async () => {
    const git = createGit(dir, { env: sandboxEnv() });
    const error = await git.check(['cat-file', '-p', 'deadbeef']).catch((e: unknown) => e);
    expect(isLanesError(error) && error.code).toBe('E_GIT');
    expect((error as Error).message).toMatch(/cat-file failed \(exit 128\).*deadbeef/);
  });

  it('stops a call at its timeout and says so', async () => {
    const git = createGit(dir, { env: sandboxEnv() });
    // Were it not stopped, the sleep would outlast the test's own timeout.
    const hung = await git.run(['-c', 'alias.hang=!sleep 600', 'hang'], { timeoutMs: 200 });
    expect(hung.timedOut).toBe(true);
    expect(hung.exitCode).toBe(124);
  });

  it('ignores repository variables leaked into the environment', async () => {
    const git = createGit(dir, {
      env: sandboxEnv({ GIT_DIR: '/nonexistent/.git', GIT_INDEX_FILE: 'idx' }),
    });
    expect(await git.check(['rev-parse', '--is-inside-work-tree'])).toBe('true');
  });
});
