import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CoordinationState } from '@lanes/core';
import { buildState } from '@lanes/core/testing';
import { openRepository, writeClaimRecord, type Repository } from '@lanes/git';
import { installHooks, type HookMode } from '@lanes/hooks';
import { LANES_BIN, run, sandboxEnv, type RunResult, type Sandbox } from '@lanes/test-utils';
import { ago, seededSandbox } from './lifecycle.js';

// What the hook scenario tests share: clones that hold a claim with the hooks
// installed, as `lanes init` + `lanes claim` would leave them, without depending on
// those commands.

export function open(clone: string): Promise<Repository> {
  return openRepository(clone, { env: sandboxEnv() });
}

export async function install(clone: string, mode?: HookMode): Promise<void> {
  await installHooks(await open(clone), { lanesBin: LANES_BIN, ...(mode ? { mode } : {}) });
}

/** The clone checks out the PRD's branch from the latest main and records the claim. */
export async function holdClaim(
  sandbox: Sandbox,
  clone: string,
  claim: { sessionId: string; prdId: string; branch: string },
): Promise<void> {
  await sandbox.git(clone, 'fetch', '-q', 'origin');
  await sandbox.git(clone, 'switch', '-q', '-C', claim.branch, 'origin/main');
  await writeClaimRecord(await open(clone), {
    ...claim,
    remote: 'origin',
    coordinationBranch: 'main',
    claimedAt: ago(5),
  });
}

/** Runs git with the sandbox's environment plus `env` (LANES_* variables included). */
export function gitWithEnv(
  clone: string,
  env: Record<string, string>,
  ...args: string[]
): Promise<RunResult> {
  return run('git', args, { cwd: clone, env: sandboxEnv(env) });
}

/** Writes files and commits them with the hooks running, as a person would. */
export async function commitWithHooks(
  sandbox: Sandbox,
  clone: string,
  message: string,
  files: Record<string, string> = {},
  env: Record<string, string> = {},
): Promise<RunResult> {
  for (const [path, content] of Object.entries(files)) await sandbox.write(clone, path, content);
  await sandbox.git(clone, 'add', '-A');
  return gitWithEnv(clone, env, 'commit', '-q', '--allow-empty', '-m', message);
}

/** The lines of a worktree's hooks log (`<git dir>/lanes/hooks.log`). */
export async function hookLog(gitDir: string): Promise<string[]> {
  const text = await readFile(join(gitDir, 'lanes', 'hooks.log'), 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean);
}

export const pingLines = (lines: readonly string[]) =>
  lines.filter((line) => /: ping \(/.test(line));

/** Polls until `check` returns something other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A document on the remote's main, parsed. */
export async function remoteDocument<T>(sandbox: Sandbox, path: string): Promise<T> {
  return JSON.parse(await sandbox.git(sandbox.remote, 'show', `main:${path}`)) as T;
}

/**
 * Removes the sandbox. A detached `lanes heartbeat` a hook started may still be writing
 * in it (its log, a fetched ref), which can make one removal fail: try again shortly.
 */
export async function cleanUp(sandbox: Sandbox): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await sandbox.cleanup();
      return;
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

export const A = 'developer-a1b2c3';
export const B = 'developer-b2c3d4';
export const C = 'developer-c3d4e5';
export const SHARED = 'a\nb\nc\nd\ne\nf\n';

function threeSessions(prePush: 'block' | 'warn'): CoordinationState {
  const state = buildState({
    prds: [{ id: 'prd-print' }, { id: 'prd-search' }, { id: 'prd-export' }],
    locks: [
      { sessionId: A, prdId: 'prd-print', claimedAt: ago(20), heartbeat: ago(1) },
      { sessionId: B, prdId: 'prd-search', claimedAt: ago(20), heartbeat: ago(1) },
      { sessionId: C, prdId: 'prd-export', claimedAt: ago(20), heartbeat: ago(1) },
    ],
  });
  state.config.coordination.prePush = prePush;
  return state;
}

/**
 * Three clones, each holding a claim with the hooks installed (sessions A, B, C);
 * session B's change to line 1 of src/shared.ts is already on the remote.
 */
export async function pushSessions(prePush: 'block' | 'warn'): Promise<Sandbox> {
  const sandbox = await seededSandbox(threeSessions(prePush), {
    clones: 3,
    files: { 'src/shared.ts': SHARED },
    seeder: 2,
  });
  const [a, b, c] = sandbox.clones as [string, string, string];
  await holdClaim(sandbox, a, { sessionId: A, prdId: 'prd-print', branch: 'feature/print' });
  await holdClaim(sandbox, b, { sessionId: B, prdId: 'prd-search', branch: 'feature/search' });
  await holdClaim(sandbox, c, { sessionId: C, prdId: 'prd-export', branch: 'feature/export' });
  for (const clone of [a, b, c]) await install(clone);
  // Session B's work is on the remote: line 1 of the shared file changed.
  await commitWithHooks(sandbox, b, 'search: shared change', {
    'src/shared.ts': `B${SHARED.slice(1)}`,
  });
  const pushed = await gitWithEnv(b, {}, 'push', '-q', 'origin', 'feature/search');
  if (pushed.exitCode !== 0) throw new Error(`setup push failed: ${pushed.stderr}`);
  return sandbox;
}
