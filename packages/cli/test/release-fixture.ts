import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LanesConfig } from '@lanes/core';
import { buildState, type LockSpec, type PrdSpec } from '@lanes/core/testing';
import { openRepository, writeClaimRecord } from '@lanes/git';
import {
  createSandbox,
  runLanes,
  sandboxEnv,
  seedState,
  type LanesRun,
  type Sandbox,
} from '@lanes/test-utils';
import { onTestFinished } from 'vitest';

// Release scenarios start from a seeded state where each releasing clone already holds
// its claim: its session is recorded, its claim record written, and its feature branch
// has real commits pushed to the remote (as `lanes claim` and the agent's work would).

/** The releasing session of the scenarios, and another session. */
export const ME = 'developer-a1b2c3';
export const OTHER = 'developer-0f9e8d';

export interface SessionSpec {
  sessionId: string;
  prdId: string;
  /** Files the feature branch commits (one commit). */
  files: Record<string, string>;
  lock?: Partial<LockSpec>;
}

export interface FixtureOptions {
  sessions: SessionSpec[];
  /** Locks of sessions that are not one of the clones. */
  otherLocks?: LockSpec[];
  otherPrds?: PrdSpec[];
  /** Settings, or a function of the sandbox's root (for commands that write there). */
  mergeQueue?:
    Partial<LanesConfig['mergeQueue']> | ((root: string) => Partial<LanesConfig['mergeQueue']>);
  /** The coordination branch (default main). */
  coordination?: string;
  /** Heartbeat settings (default the product's). */
  heartbeat?: { timeoutMinutes?: number; intervalSeconds?: number };
  /** Clones beyond one per session (e.g. a human pushing to main). */
  extraClones?: number;
  /** Files of the initial commit on main. */
  files?: Record<string, string>;
}

export interface Fixture {
  sandbox: Sandbox;
  /** One clone per session, in order, on its feature branch. */
  sessionClones: string[];
  /** The extra clones, on main. */
  extraClones: string[];
  coordination: string;
}

/** The two sessions most scenarios release: alpha (mine) and beta (the other's). */
export const ALPHA: SessionSpec = {
  sessionId: ME,
  prdId: 'prd-alpha',
  files: { 'src/alpha.ts': 'alpha\n' },
};
export const BETA: SessionSpec = {
  sessionId: OTHER,
  prdId: 'prd-beta',
  files: { 'src/beta.ts': 'beta\n' },
};

/** releaseFixture inside a test: its sandbox is removed when the test ends. */
export async function releaseScenario(options: FixtureOptions): Promise<Fixture> {
  const fixture = await releaseFixture(options);
  onTestFinished(() => fixture.sandbox.cleanup());
  return fixture;
}

export async function releaseFixture(options: FixtureOptions): Promise<Fixture> {
  const coordination = options.coordination ?? 'main';
  const extra = options.extraClones ?? 0;
  const sandbox = await createSandbox({
    clones: options.sessions.length + extra,
    ...(options.files ? { files: options.files } : {}),
  });
  const state = buildState({
    prds: [...options.sessions.map((s) => ({ id: s.prdId })), ...(options.otherPrds ?? [])],
    locks: [
      ...options.sessions.map((s) => ({ sessionId: s.sessionId, prdId: s.prdId, ...s.lock })),
      ...(options.otherLocks ?? []),
    ],
  });
  state.config = {
    ...state.config,
    heartbeatTimeoutMinutes:
      options.heartbeat?.timeoutMinutes ?? state.config.heartbeatTimeoutMinutes,
    coordination: {
      ...state.config.coordination,
      branch: coordination,
      heartbeatIntervalSeconds:
        options.heartbeat?.intervalSeconds ?? state.config.coordination.heartbeatIntervalSeconds,
    },
    mergeQueue: {
      ...state.config.mergeQueue,
      ...(typeof options.mergeQueue === 'function'
        ? options.mergeQueue(sandbox.root)
        : options.mergeQueue),
    },
  };
  const seeder = sandbox.clones[0]!;
  await seedState(sandbox, seeder, state, { branch: coordination });
  if (coordination !== 'main') await sandbox.git(seeder, 'switch', '-q', 'main');

  const sessionClones: string[] = [];
  for (const [index, session] of options.sessions.entries()) {
    const clone = sandbox.clones[index]!;
    const lock = state.locks.sessions.find((l) => l.prdId === session.prdId)!;
    await sandbox.git(clone, 'fetch', '-q', 'origin');
    await sandbox.git(clone, 'switch', '-q', '-c', lock.branch, 'origin/main');
    await sandbox.commit(clone, `feat: ${session.prdId} (US-001)`, session.files);
    await sandbox.git(clone, 'push', '-q', '-u', 'origin', lock.branch);
    await holdClaim(sandbox, clone, session.sessionId, session.prdId, lock.branch, coordination);
    sessionClones.push(clone);
  }
  const extraClones = sandbox.clones.slice(options.sessions.length);
  for (const clone of extraClones) await sandbox.git(clone, 'pull', '-q', '--ff-only');
  return { sandbox, sessionClones, extraClones, coordination };
}

/** Records the session for the clone's worktree and its claim, as `lanes claim` does. */
export async function holdClaim(
  sandbox: Sandbox,
  clone: string,
  sessionId: string,
  prdId: string,
  branch: string,
  coordination: string,
): Promise<void> {
  const repo = await openRepository(clone, { env: sandboxEnv() });
  await mkdir(join(repo.gitDir, 'lanes'), { recursive: true });
  await writeFile(join(repo.gitDir, 'lanes', 'session'), `${sessionId}\n`);
  await writeClaimRecord(repo, {
    sessionId,
    prdId,
    branch,
    remote: 'origin',
    coordinationBranch: coordination,
    claimedAt: '2026-02-19T15:00:00Z',
  });
  if (coordination !== 'main') {
    await sandbox.git(clone, 'config', 'lanes.remote', 'origin');
    await sandbox.git(clone, 'config', 'lanes.branch', coordination);
  }
}

export { remoteJson } from './lifecycle.js';

export interface LocksDoc {
  sessions: {
    sessionId: string;
    prdId: string;
    status: string;
    blockedReason?: string;
    queuedAt?: string;
    mergeCommit?: string;
    currentStory?: string;
    heartbeat?: string;
    mergedBy?: string;
  }[];
}

export interface RegistryDoc {
  prds: { id: string; status: string }[];
  completed: { id: string; mergeCommit: string; archivedTo: string; sessionId: string }[];
}

/** Paths that differ between two commits of the remote. */
export async function changedBetween(sandbox: Sandbox, from: string, to: string) {
  const out = await sandbox.git(sandbox.remote, 'diff', '--name-only', from, to);
  return out === '' ? [] : out.split('\n');
}

/** A pre-receive hook like a forge's: branches and tags only. */
export async function refuseLanesRefs(remote: string): Promise<void> {
  const hook = join(remote, 'hooks', 'pre-receive');
  await writeFile(
    hook,
    '#!/bin/sh\nwhile read old new ref; do case "$ref" in refs/lanes/*) echo "custom refs are not allowed: $ref" >&2; exit 1;; esac; done\n',
  );
  await chmod(hook, 0o755);
}

// Batches of the merge queue (release-batch.test.ts and the queue benchmark).

export const session = (index: number) => `developer-00000${index}`;
export const prd = (index: number) => `prd-change-${index}`;

/** `count` sessions, each adding a file of its own (or the `files` given for it). */
export function sessions(count: number, files: Record<number, Record<string, string>> = {}) {
  return Array.from({ length: count }, (_, i) => ({
    sessionId: session(i + 1),
    prdId: prd(i + 1),
    files: files[i + 1] ?? { [`src/change-${i + 1}.txt`]: `change ${i + 1}\n` },
  }));
}

/** A check that logs its run, takes `seconds`, and fails when the tree has `src/broken.txt`. */
export const timedCheck = (seconds: number) => (root: string) => ({
  qualityCheck: `echo run >> ${root}/checks.log; sleep ${seconds}; if [ -f src/broken.txt ]; then echo "broken.txt is here"; exit 1; fi`,
});

export const checkRuns = async (root: string) =>
  (await readFile(join(root, 'checks.log'), 'utf8').catch(() => '')).split('\n').filter(Boolean)
    .length;

/**
 * Queues every clone's release in order (--no-wait), then runs all of them at once and
 * waits until each returned: the queue order is fixed, the batches are what batchSize
 * makes of it.
 */
export async function releaseAll(
  clones: readonly string[],
): Promise<{ results: LanesRun[]; seconds: number }> {
  for (const clone of clones) {
    const queued = await runLanes(clone, ['release', '--no-wait', '--json']);
    if (queued.exitCode !== 0) throw new Error(`release --no-wait failed: ${queued.stderr}`);
  }
  const started = Date.now();
  // The last in the queue waits for every landing before it: more than runLanes' default bound.
  const results = await Promise.all(
    clones.map((clone) => runLanes(clone, ['release', '--json'], { timeoutMs: 10 * 60_000 })),
  );
  return { results, seconds: (Date.now() - started) / 1000 };
}
