import { randomBytes } from 'node:crypto';
import { LanesError, SESSION_ID } from '@lanes/core';
import { createFileAtomic } from '../atomic-file.js';
import type { Repository } from '../repository.js';
import { readSessionId, sessionFile } from '../session.js';

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
