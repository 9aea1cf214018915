import { randomBytes } from 'node:crypto';
import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { LanesError, SESSION_ID } from '@lanes/core';
import { createFileAtomic, writeFileAtomic } from './atomic-file.js';
import { messages } from './messages.js';
import type { Repository } from './repository.js';

/**
 * Per-worktree lanes files live in `$(git rev-parse --git-path lanes)`: the worktree's
 * own git dir (`lanes` is not one of git's shared paths), so each linked worktree is a
 * session of its own.
 */
export function lanesDir(repo: Pick<Repository, 'gitDir'>): string {
  return join(repo.gitDir, 'lanes');
}

export function sessionFile(repo: Pick<Repository, 'gitDir'>): string {
  return join(lanesDir(repo), 'session');
}

/** The hooks' shell fast path tests exactly `$(git rev-parse --git-path lanes/claim.json)`. */
export function claimRecordFile(repo: Pick<Repository, 'gitDir'>): string {
  return join(lanesDir(repo), 'claim.json');
}

const PREFIX = /^[a-z][a-z0-9]*$/;

/** The session of this worktree: LANES_SESSION when set, else the recorded one, else null. */
export async function readSessionId(
  repo: Pick<Repository, 'gitDir'>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | null> {
  const override = env.LANES_SESSION;
  if (override !== undefined && override !== '') {
    if (!SESSION_ID.test(override)) {
      throw new LanesError('E_USAGE', messages.badSessionEnv(override), {
        hint: messages.sessionIdHint,
      });
    }
    return override;
  }
  const file = sessionFile(repo);
  const text = await readOptional(file);
  if (text === null) return null;
  const id = text.trim();
  if (!SESSION_ID.test(id)) {
    throw new LanesError('E_USAGE', messages.badSessionFile(file, id), {
      hint: messages.badSessionFileHint(file),
    });
  }
  return id;
}

/** The session of this worktree, recording a new `<prefix>-<6 hex>` the first time. */
export async function ensureSessionId(
  repo: Pick<Repository, 'gitDir'>,
  prefix = 'developer',
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const existing = await readSessionId(repo, env);
  if (existing !== null) return existing;
  if (!PREFIX.test(prefix)) throw new LanesError('E_USAGE', messages.badSessionPrefix(prefix));
  const id = `${prefix}-${randomBytes(3).toString('hex')}`;
  // Two processes starting at once in one worktree must agree on one id.
  if (await createFileAtomic(sessionFile(repo), `${id}\n`)) return id;
  return (await readSessionId(repo, {})) ?? id;
}

export interface ClaimRecord {
  sessionId: string;
  prdId: string;
  branch: string;
  remote: string;
  coordinationBranch: string;
  claimedAt: string;
}

const CLAIM_FIELDS = [
  'sessionId',
  'prdId',
  'branch',
  'remote',
  'coordinationBranch',
  'claimedAt',
] as const;

export async function readClaimRecord(
  repo: Pick<Repository, 'gitDir'>,
): Promise<ClaimRecord | null> {
  const file = claimRecordFile(repo);
  const text = await readOptional(file);
  if (text === null) return null;
  let record: Record<string, unknown> | null = null;
  try {
    record = JSON.parse(text) as Record<string, unknown> | null;
  } catch {
    // Unreadable: every field is missing.
  }
  const missing = CLAIM_FIELDS.find((field) => typeof record?.[field] !== 'string');
  if (missing !== undefined) {
    throw new LanesError('E_USAGE', messages.badClaimRecord(file, missing), {
      hint: messages.badClaimRecordHint(file),
    });
  }
  return Object.fromEntries(
    CLAIM_FIELDS.map((field) => [field, record![field]]),
  ) as unknown as ClaimRecord;
}

export async function writeClaimRecord(
  repo: Pick<Repository, 'gitDir'>,
  record: ClaimRecord,
): Promise<void> {
  const value = Object.fromEntries(CLAIM_FIELDS.map((field) => [field, record[field]]));
  await writeFileAtomic(claimRecordFile(repo), `${JSON.stringify(value, null, 2)}\n`);
}

export async function clearClaimRecord(repo: Pick<Repository, 'gitDir'>): Promise<void> {
  await unlink(claimRecordFile(repo)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

async function readOptional(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
