import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { LanesError, SESSION_ID } from '@lanes/core';
import { createFileAtomic, writeFileAtomic } from '../atomic-file.js';
import { acquireLocalLock, localLockKey, type LocalLock } from '../local-lock.js';
import type { Repository } from '../repository.js';
import { lanesDir, readSessionId, sessionFile } from '../session.js';

// What starting work in a worktree needs beyond a branch: a session id chosen before
// the worktree exists (`lanes claim --worktree` claims for the new worktree first,
// and creates it afterwards), and whether a local branch may be fast-forwarded.

/** A fresh `<prefix>-<6 hex>` session id, recorded nowhere yet. */
export function newSessionId(prefix = 'developer'): string {
  const id = `${prefix}-${randomBytes(3).toString('hex')}`;
  if (!SESSION_ID.test(id)) {
    throw new LanesError('E_USAGE', `'${prefix}' cannot start a session id`);
  }
  return id;
}

/**
 * Records `sessionId` as this worktree's session unless one is recorded already.
 * Returns the session the worktree has now (the existing one when there was one).
 */
export async function adoptSessionId(
  repo: Pick<Repository, 'gitDir'>,
  sessionId: string,
): Promise<string> {
  if (!SESSION_ID.test(sessionId)) {
    throw new LanesError('E_USAGE', `'${sessionId}' is not a session id`);
  }
  if (await createFileAtomic(sessionFile(repo), `${sessionId}\n`)) return sessionId;
  return (await readSessionId(repo, {})) ?? sessionId;
}

/**
 * A start of work in a new worktree, recorded in the worktree it was started from
 * BEFORE its claim is pushed: the new worktree does not exist yet, so this is where the
 * session's identity survives a kill, and a re-run finds its own lock. `pid`: the
 * process of that start (a live one is still at work and not to be finished by another).
 */
export interface PendingStart {
  sessionId: string;
  /** Absolute path of the worktree the start creates. */
  path: string;
  pid: number;
}

function startsDir(repo: Pick<Repository, 'gitDir'>): string {
  return join(lanesDir(repo), 'starts');
}

function pendingFile(repo: Pick<Repository, 'gitDir'>, path: string): string {
  return join(
    startsDir(repo),
    `${createHash('sha1').update(path).digest('hex').slice(0, 16)}.json`,
  );
}

export async function recordPendingStart(
  repo: Pick<Repository, 'gitDir'>,
  start: Omit<PendingStart, 'pid'>,
): Promise<void> {
  const record: PendingStart = { ...start, pid: process.pid };
  await writeFileAtomic(pendingFile(repo, start.path), `${JSON.stringify(record)}\n`);
}

export async function clearPendingStart(
  repo: Pick<Repository, 'gitDir'>,
  path: string,
): Promise<void> {
  await rm(pendingFile(repo, path), { force: true });
}

/** Every start recorded here that has not finished; an unreadable record counts as none. */
export async function pendingStarts(repo: Pick<Repository, 'gitDir'>): Promise<PendingStart[]> {
  const names = await readdir(startsDir(repo)).catch(() => []);
  const records = await Promise.all(
    names
      .filter((name) => name.endsWith('.json'))
      .map((name) =>
        readFile(join(startsDir(repo), name), 'utf8').then(parsePendingStart, () => null),
      ),
  );
  return records.filter((record): record is PendingStart => record !== null);
}

function parsePendingStart(text: string): PendingStart | null {
  try {
    const value = JSON.parse(text) as Partial<PendingStart>;
    const { sessionId, path, pid } = value;
    if (typeof sessionId !== 'string' || !SESSION_ID.test(sessionId)) return null;
    if (typeof path !== 'string' || typeof pid !== 'number') return null;
    return { sessionId, path, pid };
  } catch {
    return null;
  }
}

/**
 * One start of work (claim, resume) at a time in this worktree, decided on this
 * machine before the remote is touched: null when another live process holds it.
 */
export function holdWorktreeStart(repo: Pick<Repository, 'gitDir'>): Promise<LocalLock | null> {
  return acquireLocalLock(localLockKey(resolve(repo.gitDir), 'lanes start'), {
    deadline: Date.now() + START_LOCK_WAIT_MS,
    // A start lasts as long as its transaction and checkout; a dead holder frees it at once.
    staleMs: 60 * 60_000,
    waitForHolder: false,
  });
}

// Only the moment two processes choose their tickets at once: a holder answers at once.
const START_LOCK_WAIT_MS = 5_000;
