import { LanesError, validateDocuments } from '@lanes/core';
import { backoffDelay, sleep } from './backoff.js';
import { applyWrites } from './document-paths.js';
import { readDocumentsInTree } from './documents.js';
import { killPoint } from './kill-point.js';
import { acquireLocalLock, localLockKey, type LocalLock } from './local-lock.js';
import { messages } from './messages.js';
import { openObjectReader, type ObjectReader } from './object-reader.js';
import { objectWriter, type ObjectWriter } from './object-writer.js';
import { coordinationRef } from './refs.js';
import { QueueSeat } from './queue-seat.js';
import { pushWithDeletions } from './remote-ops.js';
import { remoteSettings } from './remote-settings.js';
import type { Repository } from './repository.js';
import {
  fetchCoordination,
  readFetched,
  type Coordinates,
  type FetchedTip,
  type Snapshot,
} from './store.js';
import { assertWritablePaths, buildTree } from './tree-builder.js';

/** A file to write (content) or delete (null), by repository path. */
export type FileWrite = { path: string; content: string | null };

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

export interface TransactOptions {
  /** Attempts before E_PUSH_REJECTED (default 30). */
  maxAttempts?: number;
  /** Time before E_PUSH_REJECTED, in ms (default 60 s). */
  deadlineMs?: number;
  /** A remote branch the coordination branch starts from when it does not exist yet. */
  createFrom?: string;
  now?: () => Date;
  onRetry?: (attempt: number) => void;
  /**
   * Queue behind other lanes processes on this machine writing the same remote branch
   * (default true). Off, only the lease and backoff order the writers.
   */
  localLock?: boolean;
  /** Where the local queues live (default: a per-user folder in the temp dir). */
  lockDir?: string;
  /**
   * After losing a race, queue behind writers on other machines through a ticket on the
   * remote (default true; see write-queue.ts). Off, a loser backs off and retries.
   */
  remoteQueue?: boolean;
}

export interface TransactResult<T> {
  value: T;
  /** The pushed commit; null when the change was a no-op. */
  commit: string | null;
  attempts: number;
}

type Step<T> =
  | { kind: 'done'; value: T; commit: string | null }
  /** Another writer got there first: the change was not pushed. */
  | { kind: 'stale' }
  /** Other writers hold earlier tickets: nothing was attempted. */
  | { kind: 'wait'; blocking: number };

/**
 * Read the remote tip, apply `change`, validate the result, commit it by plumbing and
 * push it with a lease on the tip that was read; when another writer got there
 * first, do it all again on the new tip, after queueing behind the other writers.
 * Never touches the worktree, index or HEAD.
 */
export async function transact<T>(
  repo: Repository,
  coords: Coordinates,
  change: Change<T>,
  options: TransactOptions = {},
): Promise<TransactResult<T>> {
  const maxAttempts = options.maxAttempts ?? 30;
  const started = Date.now();
  const deadline = started + (options.deadlineMs ?? 60_000);
  const [settings, writer] = await Promise.all([
    remoteSettings(repo, coords.remote),
    objectWriter(repo),
  ]);
  const lockKey = localLockKey(settings.url, coords.branch);
  // A remote known to refuse heartbeat refs refuses queue tickets as well.
  const seat = new QueueSeat(
    repo,
    coords,
    writer,
    options.remoteQueue !== false && settings.heartbeatRefs !== false,
  );
  const attempts = { count: 0 };
  let lock: LocalLock | undefined;

  try {
    for (;;) {
      if (lock === undefined && options.localLock !== false) {
        const taken = await acquireLocalLock(lockKey, {
          deadline,
          ...(options.lockDir ? { dir: options.lockDir } : {}),
        });
        if (taken === null) throw exhausted(coords, attempts.count, started);
        lock = taken;
      }
      killPoint('holding-lock');
      const step = await stepOnce(repo, coords, change, options, seat, attempts, writer);
      // A writer with a ticket in the remote queue stands there for its whole machine: it
      // keeps the local turn, so the writers behind it wait here instead of each taking a
      // ticket of their own (then every one of them would wait, and look, remotely).
      if (!seat.holding) {
        await lock?.release();
        lock = undefined;
      }
      if (step.kind === 'done') {
        return { value: step.value, commit: step.commit, attempts: attempts.count };
      }
      if (step.kind === 'wait') {
        const blocking = await seat.waitForTurn(step.blocking, deadline);
        if (blocking > 0) throw exhausted(coords, attempts.count, started, blocking);
        continue;
      }
      if (attempts.count >= maxAttempts || Date.now() >= deadline) {
        throw exhausted(coords, attempts.count, started);
      }
      options.onRetry?.(attempts.count);
      // In the queue, the next look decides when to go again; outside it, back off.
      if (!seat.holding) {
        await sleep(Math.min(backoffDelay(attempts.count), deadline - Date.now()));
      }
    }
  } finally {
    // Our ticket goes first: a writer let in locally would otherwise see it and queue.
    await seat.leave();
    await lock?.release();
  }
}

/** Unless other writers are queued first (one look), one fetch and one attempt. */
async function stepOnce<T>(
  repo: Repository,
  coords: Coordinates,
  change: Change<T>,
  options: TransactOptions,
  seat: QueueSeat,
  attempts: { count: number },
  writer: ObjectWriter,
): Promise<Step<T>> {
  const ready = await lookAndFetch(
    seat,
    () => fetchWithReader(repo, coords, options),
    (unused) => unused.reader.close(),
  );
  if ('blocking' in ready) return { kind: 'wait', blocking: ready.blocking };
  const { fetched, begun } = ready;
  killPoint('after-fetch');
  attempts.count++;
  const step = await attemptOnce(repo, coords, change, options, seat, fetched, writer);
  seat.attempted(Date.now() - begun);
  if (step.kind === 'stale') {
    // Lost a race: queue, so that newcomers wait behind this writer instead of barging.
    await seat.join();
    return { kind: 'stale' };
  }
  return step;
}

interface Fetched {
  tip: FetchedTip;
  reader: ObjectReader;
}

/**
 * The fetch an attempt starts from, and the object reader it reads through, started
 * while git fetches: a reader's process start (8 ms on a loaded machine, where node's
 * spawn must copy its page tables) then costs the turn nothing. The reader finds the
 * fetched ref and objects when asked, after the fetch.
 */
async function fetchWithReader(
  repo: Repository,
  coords: Coordinates,
  options: TransactOptions,
): Promise<Fetched> {
  const fetching = fetchCoordination(
    repo,
    coords,
    options.createFrom ? { createFrom: options.createFrom } : {},
  );
  const reader = openObjectReader(repo.git);
  try {
    return { tip: await fetching, reader };
  } catch (error) {
    reader.close();
    throw error;
  }
}

/**
 * The look at the queue, then the fetch an attempt starts from; both at once when this
 * clone saw nobody queued lately (`release` then frees a fetch the look made useless).
 * `begun`: when the attempt's own part began.
 */
async function lookAndFetch<T>(
  seat: QueueSeat,
  fetch: () => Promise<T>,
  release: (unused: T) => void,
): Promise<{ blocking: number } | { fetched: T; begun: number }> {
  if (await seat.lookFirst()) {
    const blocking = await seat.look();
    if (blocking > 0) return { blocking };
    const begun = Date.now();
    return { fetched: await fetch(), begun };
  }
  const begun = Date.now();
  // Both settle before either fails the step: no git process outlives it.
  const [looked, fetched] = await Promise.allSettled([seat.look(), fetch()]);
  if (looked.status === 'rejected' || looked.value > 0) {
    if (fetched.status === 'fulfilled') release(fetched.value);
  }
  if (looked.status === 'rejected') throw looked.reason;
  if (fetched.status === 'rejected') throw fetched.reason;
  return looked.value > 0 ? { blocking: looked.value } : { fetched: fetched.value, begun };
}

async function attemptOnce<T>(
  repo: Repository,
  coords: Coordinates,
  change: Change<T>,
  options: TransactOptions,
  seat: QueueSeat,
  fetched: Fetched,
  writer: ObjectWriter,
): Promise<Exclude<Step<T>, { kind: 'wait' }>> {
  const loaded = await readFetched(repo, fetched.tip, false, fetched.reader);
  const { reader, snapshot } = loaded;
  try {
    const now = options.now?.() ?? new Date();
    const outcome = change(snapshot, now);
    if (outcome.kind === 'refuse') throw outcome.error;
    if (outcome.kind === 'noop') return { kind: 'done', value: outcome.value, commit: null };

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

    const tree = await writeTree(writer, reader, baseTree, outcome.writes);
    if (!outcome.base && tree === loaded.tree) {
      return { kind: 'done', value: outcome.value, commit: null };
    }
    const commit = await writer.commit({
      tree,
      parents,
      message: outcome.message,
      date: now,
    });
    killPoint('after-commit');

    const branchRef = `refs/heads/${coords.branch}`;
    killPoint('before-push');
    // Our ticket (and any abandoned ones) go in the same atomic push as the change.
    const status = await pushWithDeletions(
      repo,
      coords.remote,
      `${commit}:${branchRef}`,
      [`${branchRef}:${snapshot.tip ?? ''}`],
      seat.deletions(),
    );
    killPoint('after-push');
    if (status.kind === 'stale') return { kind: 'stale' };
    if (status.kind === 'refused') {
      throw new LanesError('E_REMOTE', messages.pushRefused(coords, status.reason), {
        hint: messages.pushRefusedHint,
        details: { remote: coords.remote, branch: coords.branch, reason: status.reason },
      });
    }
    seat.served();
    // Keeps `--offline` reads in step with what we just wrote; a failure only delays that.
    await repo.git.run(['update-ref', coordinationRef(coords.remote, coords.branch), commit]);
    return { kind: 'done', value: outcome.value, commit };
  } finally {
    reader.close();
  }
}

async function writeTree(
  writer: ObjectWriter,
  reader: ObjectReader,
  baseTree: string | null,
  writes: readonly FileWrite[],
): Promise<string> {
  const contents = writes.filter((write) => write.content !== null);
  const shas = await writer.blobs(contents.map((write) => write.content as string));
  const blobOf = new Map(contents.map((write, index) => [write.path, shas[index]!]));
  return buildTree(
    { readTree: (sha) => reader.readTree(sha), writeTree: (entries) => writer.tree(entries) },
    baseTree,
    writes.map((write) => ({ path: write.path, sha: blobOf.get(write.path) ?? null })),
  );
}

function exhausted(
  coords: Coordinates,
  attempts: number,
  started: number,
  ahead?: number,
): LanesError {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const message =
    ahead === undefined
      ? messages.pushExhausted(coords, attempts, seconds)
      : messages.queueExhausted(coords, ahead, seconds);
  return new LanesError('E_PUSH_REJECTED', message, {
    hint: messages.pushExhaustedHint,
    details: ahead === undefined ? { attempts } : { attempts, ahead },
  });
}
