import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLanesError, type LanesError } from '@lanes/core';
import { sandboxEnv } from '@lanes/test-utils';
import { createGit, stopRunningGit, type Git } from '../src/runner.js';
import {
  uncommittedChanges,
  switchToBranch,
  worktreeChangedFiles,
} from '../src/workspace/index.js';

// simple-git runs under the port's rules: scrubbed environment, a bound on every call,
// stopped with lanes, failures as E_GIT with git's exit code.

let dir: string;
const port = (options: Parameters<typeof createGit>[1] = {}) =>
  createGit(dir, { env: sandboxEnv(), ...options });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lanes-porcelain-'));
  const git = port();
  await git.check(['init', '-q', '--initial-branch', 'main']);
  await writeFile(join(dir, 'a.txt'), 'a\n');
  await git.check(['add', 'a.txt']);
  await git.check(['commit', '-q', '-m', 'init']);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('expected a failure'),
    (error: unknown) => {
      expect(isLanesError(error) && error.code).toBe('E_GIT');
      return error as LanesError;
    },
  );

/** A status that hangs in a fsmonitor hook until `release` exists; `started` once it runs. */
async function hangingStatus(git: Git) {
  const started = join(dir, '.git', 'hook-started');
  const release = join(dir, '.git', 'hook-release');
  const hook = join(dir, '.git', 'hang-fsmonitor');
  await writeFile(
    hook,
    `#!/bin/sh\ntouch "${started}"\nn=0\nwhile [ ! -e "${release}" ] && [ $n -lt 600 ]; do sleep 0.05; n=$((n+1)); done\nexit 1\n`,
  );
  await chmod(hook, 0o755);
  await git.check(['config', 'core.fsmonitor', hook]);
  return {
    started,
    finish: async () => {
      await writeFile(release, '');
      await git.check(['config', '--unset', 'core.fsmonitor']);
      await rm(started, { force: true });
      await rm(release, { force: true });
    },
  };
}

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 30_000) throw new Error('condition never held');
    await new Promise((done) => setTimeout(done, 20));
  }
}

describe('the porcelain', () => {
  it('names both paths of a staged rename', async () => {
    const git = port();
    await rename(join(dir, 'a.txt'), join(dir, 'b.txt'));
    await git.check(['add', '--all']);
    try {
      expect((await uncommittedChanges(git)).sort()).toEqual(['a.txt', 'b.txt']);
      expect(await worktreeChangedFiles(git)).toEqual(['a.txt', 'b.txt']);
    } finally {
      await git.check(['reset', '-q', '--hard']);
    }
  });

  it("fails with E_GIT carrying git's exit code and words", async () => {
    const error = await failure(switchToBranch(port(), 'feature/nowhere'));
    expect(error.message).toMatch(/^git checkout failed \(exit [1-9]\d*\).*feature\/nowhere/);
    expect(error.details).toMatchObject({ exitCode: expect.any(Number) });
  });

  it('runs with the scrubbed environment, and the user’s editor and ssh settings in it', async () => {
    const git = port({
      env: sandboxEnv({
        GIT_DIR: '/nonexistent/.git',
        GIT_INDEX_FILE: 'idx',
        EDITOR: 'vi',
        GIT_SSH_COMMAND: 'ssh -o BatchMode=yes',
      }),
    });
    await writeFile(join(dir, 'a.txt'), 'changed\n');
    try {
      expect(await uncommittedChanges(git)).toEqual(['a.txt']);
    } finally {
      await port().check(['checkout', '-q', '--', 'a.txt']);
    }
  });

  it('stops a call at its timeout and says so', async () => {
    const git = port({ timeoutMs: 300 });
    const hang = await hangingStatus(git);
    try {
      const error = await failure(uncommittedChanges(git));
      expect(error.message).toMatch(/^git status failed \(exit 124\): no answer within/);
    } finally {
      await hang.finish();
    }
  });

  it('is stopped by stopRunningGit, which returns once it has ended', async () => {
    const git = port();
    const hang = await hangingStatus(git);
    try {
      const call = failure(uncommittedChanges(git));
      await until(() => existsSync(hang.started));
      await stopRunningGit();
      expect((await call).message).toMatch(/^git status failed \(exit 130\): stopped/);
    } finally {
      await hang.finish();
    }
  });
});
