import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSandbox, sandboxEnv, type Sandbox } from '@lanes/test-utils';
import { openRepository, type Repository } from '../src/index.js';
import { seedFiles } from './fixtures/state.js';

export const COORDS = { remote: 'origin', branch: 'main' } as const;

export async function seededSandbox(
  clones = 1,
  files: Record<string, string> = seedFiles(4),
): Promise<Sandbox> {
  return createSandbox({ clones, files });
}

/** A repository opened with the sandbox's clean environment (no global config). */
export function openClone(dir: string, env: Record<string, string> = {}): Promise<Repository> {
  return openRepository(dir, { env: sandboxEnv(env) });
}

export function lockDir(sandbox: Sandbox): string {
  return join(sandbox.root, 'locks');
}

/**
 * Everything of a clone a transaction must leave alone: worktree, index, HEAD, branches.
 * Not refs/remotes/*: those follow the remote as `git fetch` would (issue 26), the one
 * thing of git's own view lanes keeps up to date.
 */
export async function localState(sandbox: Sandbox, dir: string) {
  const gitDir = await sandbox.git(dir, 'rev-parse', '--absolute-git-dir');
  const index = await readFile(join(gitDir, 'index')).catch(() => Buffer.alloc(0));
  return {
    head: await sandbox.git(dir, 'rev-parse', 'HEAD'),
    symbolicHead: await sandbox.git(dir, 'symbolic-ref', '-q', 'HEAD'),
    status: await sandbox.git(dir, 'status', '--porcelain=v2', '--untracked-files=all'),
    index: createHash('sha256').update(index).digest('hex'),
    refs: await sandbox.git(
      dir,
      'for-each-ref',
      '--format=%(refname) %(objectname)',
      'refs/heads',
      'refs/tags',
    ),
    stash: (await sandbox.gitResult(dir, 'rev-parse', '-q', '--verify', 'refs/stash')).stdout,
  };
}

export async function remoteTip(sandbox: Sandbox, branch = 'main'): Promise<string> {
  return sandbox.git(sandbox.remote, 'rev-parse', `refs/heads/${branch}`);
}

export async function remoteFile(sandbox: Sandbox, path: string, ref = 'main'): Promise<string> {
  return sandbox.git(sandbox.remote, 'show', `${ref}:${path}`);
}

export async function remoteLocks(sandbox: Sandbox, ref = 'main') {
  return JSON.parse(await remoteFile(sandbox, 'docs/session-locks.json', ref)) as {
    sessions: { sessionId: string; prdId: string; heartbeat: string; completedStories: string[] }[];
  };
}

/** Where versions of lanes before this one queued writers on the remote. */
export const RETIRED_QUEUE_PREFIX = 'refs/lanes/queue/';

/** Refs a previous version's write queue left on the remote. */
export async function remoteQueueRefs(sandbox: Sandbox): Promise<string[]> {
  const refs = await sandbox.git(
    sandbox.remote,
    'for-each-ref',
    '--format=%(refname)',
    RETIRED_QUEUE_PREFIX,
  );
  return refs.split('\n').filter(Boolean);
}

/** Log every ref update on the remote from now on, so tests can count landed pushes. */
export async function logRemoteRefUpdates(sandbox: Sandbox): Promise<void> {
  await sandbox.git(sandbox.remote, 'config', 'core.logAllRefUpdates', 'always');
}

/** Ref updates of `ref` the remote logged since logRemoteRefUpdates. */
export async function remoteRefUpdates(sandbox: Sandbox, ref = 'refs/heads/main'): Promise<number> {
  const log = await sandbox.gitResult(sandbox.remote, 'reflog', 'show', '--format=%H', ref);
  return log.stdout.split('\n').filter(Boolean).length;
}
