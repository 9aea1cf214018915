import { LanesError, validateDocuments, type FileWrite } from '@lanes/core';
import { retryDelay, sleep } from './backoff.js';
import { applyWrites } from './document-paths.js';
import { readDocumentsInTree } from './documents.js';
import { killPoint } from './kill-point.js';
import { acquireLocalLock, localLockKey } from './local-lock.js';
import { messages } from './messages.js';
import type { ObjectReader } from './object-reader.js';
import { commitTree, writeBlobs } from './objects.js';
import { coordinationRef } from './refs.js';
import { pushRefspec, type PushStatus } from './remote-ops.js';
import { remoteSettings } from './remote-settings.js';
import type { Repository } from './repository.js';
import { loadState, type Coordinates, type Snapshot } from './store.js';
import { assertWritablePaths, buildTree, mktreeWriter } from './tree-builder.js';

export type { FileWrite } from '@lanes/core';

export type ChangeOutcome<T> =
  | {
      kind: 'write';
      writes: FileWrite[];
      message: string;
      value: T;
      /** Parents and tree to build on instead of the tip's (the lease stays on the tip read). */
      base?: { parents: string[]; tree: string };
    }
  | { kind: 'noop'; value: T }
  | { kind: 'refuse'; error: LanesError };

/** Pure: may run several times, on newer snapshots, when other writers get there first. */
export type Change<T> = (snapshot: Snapshot, now: Date) => ChangeOutcome<T>;

/**
 * A change that also reads and writes git objects (a landing rebuilt on a newer tip);
 * otherwise as pure as Change.
 */
export type AsyncChange<T> = (snapshot: Snapshot, now: Date) => Promise<ChangeOutcome<T>>;

export interface TransactOptions {
  /** Attempts before E_PUSH_REJECTED (default 30). */
  maxAttempts?: number;
  /** Time before E_PUSH_REJECTED, in ms, waiting for the local lock included (default 60 s). */
  deadlineMs?: number;
  /** A remote branch the coordination branch starts from when it does not exist yet. */
  createFrom?: string;
  now?: () => Date;
  onRetry?: (attempt: number) => void;
  /** Where the local locks live (default: see lockDirs). */
  lockDir?: string;
}

export interface TransactResult<T> {
  value: T;
  /** The pushed commit; null when the change was a no-op. */
  commit: string | null;
  attempts: number;
}

// Versions of lanes before this one queued writers under refs/lanes/queue/ on the
// remote. Every landing push prunes what they left: matched against a local namespace
// that is never written, so the push deletes them all and sends nothing; with none
// left, the push does exactly what it did without.
const RETIRED_QUEUE = 'refs/lanes/never-written/*:refs/lanes/queue/*';

/**
 * Read the remote tip, apply `change`, validate the result, commit it by plumbing and
 * push it with a lease on the tip that was read: one ref update for each write that
 * lands. When another writer got there first, back off and do it all again on the new
 * tip. Never touches the worktree, index or HEAD.
 */
export async function transact<T>(
  repo: Repository,
  coords: Coordinates,
  change: Change<T> | AsyncChange<T>,
  options: TransactOptions = {},
): Promise<TransactResult<T>> {
  const maxAttempts = options.maxAttempts ?? 30;
  const started = Date.now();
  const deadline = started + (options.deadlineMs ?? 60_000);
  // Take turns with the other lanes processes on this machine that write the same
  // remote branch; the lease alone decides every push.
  const { url } = await remoteSettings(repo, coords.remote);
  const lock = await acquireLocalLock(localLockKey(url, coords.branch), {
    deadline,
    ...(options.lockDir ? { dir: options.lockDir } : {}),
  });
  if (lock === null) {
    throw new LanesError('E_PUSH_REJECTED', messages.localTurnExhausted(coords, seconds(started)), {
      hint: messages.pushExhaustedHint,
      details: { attempts: 0 },
    });
  }
  try {
    killPoint('holding-lock');
    const push = { prune: [RETIRED_QUEUE] };
    for (let attempt = 1; ; attempt++) {
      const begun = Date.now();
      const step = await attemptOnce(repo, coords, change, options, push);
      if (step !== 'stale') return { ...step, attempts: attempt };
      if (attempt >= maxAttempts || Date.now() >= deadline) {
        throw new LanesError(
          'E_PUSH_REJECTED',
          messages.pushExhausted(coords, attempt, seconds(started)),
          { hint: messages.pushExhaustedHint, details: { attempts: attempt } },
        );
      }
      options.onRetry?.(attempt);
      await sleep(Math.min(retryDelay(attempt, Date.now() - begun), deadline - Date.now()));
    }
  } finally {
    lock.release();
  }
}

/** One fetch, change and push: its result, or 'stale' when another writer got there first. */
async function attemptOnce<T>(
  repo: Repository,
  coords: Coordinates,
  change: Change<T> | AsyncChange<T>,
  options: TransactOptions,
  push: { prune: string[] },
): Promise<{ value: T; commit: string | null } | 'stale'> {
  const loaded = await loadState(repo, coords, {
    offline: false,
    ...(options.createFrom ? { createFrom: options.createFrom } : {}),
  });
  const { reader, snapshot } = loaded;
  try {
    killPoint('after-fetch');
    const now = options.now?.() ?? new Date();
    const outcome = await change(snapshot, now);
    if (outcome.kind === 'refuse') throw outcome.error;
    if (outcome.kind === 'noop') return { value: outcome.value, commit: null };

    assertWritablePaths(outcome.writes.map((write) => write.path));
    const baseTree = outcome.base ? outcome.base.tree : loaded.tree;
    const parents = outcome.base ? outcome.base.parents : loaded.parents;
    const before = outcome.base
      ? await readDocumentsInTree(reader, outcome.base.tree)
      : snapshot.raw;
    const { problems } = validateDocuments(applyWrites(before, outcome.writes));
    if (problems.length > 0) {
      throw new LanesError('E_INVALID_STATE', messages.invalidResult(outcome.message, problems), {
        hint: messages.invalidResultHint,
        details: { problems },
      });
    }

    const tree = await writeTree(repo, reader, baseTree, outcome.writes);
    if (!outcome.base && tree === loaded.tree) return { value: outcome.value, commit: null };
    const commit = await commitTree(repo.git, {
      tree,
      parents,
      message: outcome.message,
      date: now,
    });
    killPoint('after-commit');
    killPoint('before-push');
    const status = await pushOnLease(repo, coords, commit, snapshot.tip, push);
    killPoint('after-push');
    if (status.kind === 'stale') return 'stale';
    if (status.kind === 'refused') {
      throw new LanesError('E_REMOTE', messages.pushRefused(coords, status.reason, status.said), {
        hint: messages.pushRefusedHint,
        details: {
          remote: coords.remote,
          branch: coords.branch,
          kind: 'refused',
          reason: status.reason,
          serverSaid: status.said,
        },
      });
    }
    // Keeps `--offline` reads in step with what we just wrote; a failure only delays that.
    await repo.git.run(['update-ref', coordinationRef(coords.remote, coords.branch), commit]);
    return { value: outcome.value, commit };
  } finally {
    reader.close();
  }
}

/**
 * Pushes `commit` to the branch if it is still at `tip` (null: if it does not exist).
 * A refusal of the push that also pruned (a hook that forbids touching refs/lanes/) is
 * retried without pruning, which is then left off.
 */
async function pushOnLease(
  repo: Repository,
  coords: Coordinates,
  commit: string,
  tip: string | null,
  push: { prune: string[] },
): Promise<PushStatus> {
  const branchRef = `refs/heads/${coords.branch}`;
  const refspec = `${commit}:${branchRef}`;
  const lease = [`${branchRef}:${tip ?? ''}`];
  const status = await pushRefspec(repo, coords.remote, refspec, lease, push.prune);
  if (status.kind !== 'refused' || push.prune.length === 0) return status;
  push.prune = [];
  return pushRefspec(repo, coords.remote, refspec, lease);
}

async function writeTree(
  repo: Repository,
  reader: ObjectReader,
  baseTree: string | null,
  writes: readonly FileWrite[],
): Promise<string> {
  const contents = writes.filter((write) => write.content !== null);
  const shas = await writeBlobs(
    repo.git,
    contents.map((write) => write.content as string),
  );
  const blobOf = new Map(contents.map((write, index) => [write.path, shas[index]!]));
  return buildTree(
    { readTree: (sha) => reader.readTree(sha), writeTree: mktreeWriter(repo.git) },
    baseTree,
    writes.map((write) => ({ path: write.path, sha: blobOf.get(write.path) ?? null })),
  );
}

const seconds = (started: number) => ((Date.now() - started) / 1000).toFixed(1);
