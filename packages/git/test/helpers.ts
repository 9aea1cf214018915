import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSandbox, sandboxEnv, type Sandbox } from '@lanes/test-utils';
import { openRepository, QUEUE_PREFIX, queueRef, type Repository } from '../src/index.js';
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

/** Everything of a clone a transaction must leave alone: worktree, index, HEAD, branches. */
export async function localState(sandbox: Sandbox, dir: string) {
  const gitDir = await sandbox.git(dir, 'rev-parse', '--absolute-git-dir');
  const index = await readFile(join(gitDir, 'index')).catch(() => Buffer.alloc(0));
  return {
    head: await sandbox.git(dir, 'rev-parse', 'HEAD'),
    symbolicHead: await sandbox.git(dir, 'symbolic-ref', '-q', 'HEAD'),
    status: await sandbox.git(dir, 'status', '--porcelain=v2', '--branch', '--untracked-files=all'),
    index: createHash('sha256').update(index).digest('hex'),
    refs: await sandbox.git(
      dir,
      'for-each-ref',
      '--format=%(refname) %(objectname)',
      'refs/heads',
      'refs/remotes',
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

/** The write queue's ticket refs on the remote, oldest first. */
export async function remoteTickets(sandbox: Sandbox): Promise<string[]> {
  const refs = await sandbox.git(
    sandbox.remote,
    'for-each-ref',
    '--format=%(refname)',
    QUEUE_PREFIX,
  );
  return refs.split('\n').filter(Boolean);
}

/** A ticket of another machine's writer, at the branch tip as a real one would be. */
export async function plantTicket(sandbox: Sandbox, ticket: string): Promise<void> {
  const tip = await remoteTip(sandbox);
  await sandbox.git(sandbox.remote, 'update-ref', queueRef('main', ticket), tip);
}
