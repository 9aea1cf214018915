import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isLanesError, LanesError, type ErrorCode } from '@lanes/core';
import { acquireLocalLock, readClaimRecord, type Repository } from '@lanes/git';
import type { CommandContext } from '@lanes/git';
import { releaseMessages } from './messages.js';
import { MAX_WAIT_MS } from './wait-for-turn.js';

// One landing release per session at a time. Two at once (an agent retrying a call
// that timed out) shared one temporary worktree and deleted each other's: both failed
// and the lock ended `blocked`. The second now waits for the first and reports the
// first's outcome as its own.

/** How long a second release waits for the first: the first's own bounds and then some. */
export const WAIT_FOR_FIRST_MS = MAX_WAIT_MS + 60 * 60_000;

/** What the last release of a session ended with, for a second one that waited on it. */
interface RecordedOutcome<T> {
  finishedAt: number;
  outcome?: T;
  error?: { code: ErrorCode; message: string; hint?: string; details?: Record<string, unknown> };
}

function outcomePath(repo: Repository, sessionId: string): string {
  return join(repo.commonDir, 'lanes', 'releases', `${sessionId}.json`);
}

function lockKey(repo: Repository, sessionId: string): string {
  return createHash('sha1')
    .update(`release\n${repo.commonDir}\n${sessionId}`)
    .digest('hex')
    .slice(0, 20);
}

/**
 * Runs `release` as the session's only landing release on this machine. When another
 * one is running, waits for it to end and returns (or throws) what it ended with; when
 * that one left nothing (it was killed), runs `release` itself, which finishes what the
 * killed one started.
 */
export async function oneReleaseAtATime<T>(
  ctx: CommandContext,
  repo: Repository,
  sessionId: string,
  release: () => Promise<T>,
): Promise<T> {
  const key = lockKey(repo, sessionId);
  // A dead holder's ticket goes at once; a live one holds for as long as it runs.
  const staleMs = WAIT_FOR_FIRST_MS;
  let lock = await acquireLocalLock(key, { deadline: Date.now(), staleMs });
  const waitedSince = lock === null ? Date.now() : null;
  if (lock === null) {
    ctx.note(releaseMessages.anotherRelease(sessionId));
    lock = await acquireLocalLock(key, { deadline: Date.now() + WAIT_FOR_FIRST_MS, staleMs });
    if (lock === null) {
      const record = await readClaimRecord(repo).catch(() => null);
      throw new LanesError('E_SESSION_BUSY', releaseMessages.anotherReleaseTooLong(sessionId), {
        hint: releaseMessages.anotherReleaseHint,
        details: { sessionId, prdId: record?.prdId ?? null },
      });
    }
  }
  try {
    if (waitedSince !== null) {
      const recorded = await readOutcome<T>(repo, sessionId);
      if (recorded !== null && recorded.finishedAt >= waitedSince) {
        ctx.note(releaseMessages.reportingFirst);
        if (recorded.error) {
          const { code, message, hint, details } = recorded.error;
          throw new LanesError(code, message, {
            ...(hint === undefined ? {} : { hint }),
            ...(details === undefined ? {} : { details }),
          });
        }
        return recorded.outcome as T;
      }
    }
    try {
      const outcome = await release();
      await recordOutcome(repo, sessionId, { finishedAt: Date.now(), outcome });
      return outcome;
    } catch (error) {
      await recordOutcome(repo, sessionId, { finishedAt: Date.now(), error: errorRecord(error) });
      throw error;
    }
  } finally {
    lock.release();
  }
}

function errorRecord(error: unknown): RecordedOutcome<never>['error'] {
  if (isLanesError(error)) {
    return {
      code: error.code,
      message: error.message,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      ...(error.details === undefined ? {} : { details: error.details }),
    };
  }
  return { code: 'E_INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

async function readOutcome<T>(repo: Repository, sessionId: string) {
  try {
    return JSON.parse(await readFile(outcomePath(repo, sessionId), 'utf8')) as RecordedOutcome<T>;
  } catch {
    return null;
  }
}

/**
 * Best effort: a second release that finds nothing runs the release itself. Outcomes
 * older than the longest wait go on the way: no release can still be waiting for them,
 * and one file per session ever released would otherwise pile up.
 */
async function recordOutcome<T>(repo: Repository, sessionId: string, recorded: RecordedOutcome<T>) {
  const path = outcomePath(repo, sessionId);
  await mkdir(dirname(path), { recursive: true })
    .then(() => writeFile(path, `${JSON.stringify(recorded)}\n`))
    .catch(() => undefined);
  await forgetOldOutcomes(dirname(path), recorded.finishedAt - WAIT_FOR_FIRST_MS);
}

async function forgetOldOutcomes(folder: string, before: number): Promise<void> {
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const path = join(folder, name);
    const { mtimeMs } = await stat(path).catch(() => ({ mtimeMs: Infinity }));
    if (mtimeMs < before) await rm(path, { force: true });
  }
}
