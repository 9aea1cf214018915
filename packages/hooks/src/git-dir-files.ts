import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PingStamp } from './ping-decision.js';

// Small per-worktree files under `$(git rev-parse --git-path lanes)`, read and written
// without running git so the commit hooks stay cheap.

const STAMP_FILE = 'heartbeat-stamp.json';
const LOG_FILE = 'hooks.log';
const LOG_LIMIT_BYTES = 256 * 1024;

/** What a rebase or cherry-pick leaves in the git dir while it replays commits. */
const OPERATION_MARKERS = ['rebase-merge', 'rebase-apply', 'sequencer', 'CHERRY_PICK_HEAD'];

export function operationInProgress(gitDir: string): string | undefined {
  return OPERATION_MARKERS.find((marker) => existsSync(join(gitDir, marker)));
}

export function logFile(lanesDir: string): string {
  return join(lanesDir, LOG_FILE);
}

export async function readStamp(lanesDir: string): Promise<PingStamp | undefined> {
  try {
    const value = JSON.parse(
      await readFile(join(lanesDir, STAMP_FILE), 'utf8'),
    ) as Partial<PingStamp>;
    if (typeof value.at !== 'string') return undefined;
    return typeof value.story === 'string'
      ? { at: value.at, story: value.story }
      : { at: value.at };
  } catch {
    // Missing or unreadable: as if there had been no ping, which only costs one ping.
    return undefined;
  }
}

export async function writeStamp(lanesDir: string, stamp: PingStamp): Promise<void> {
  await mkdir(lanesDir, { recursive: true });
  await writeFile(join(lanesDir, STAMP_FILE), `${JSON.stringify(stamp)}\n`);
}

/** Appends timestamped lines; past a size limit the old log moves to `hooks.log.1`. */
export async function appendLog(
  lanesDir: string,
  now: Date,
  lines: readonly string[],
): Promise<void> {
  const file = logFile(lanesDir);
  await mkdir(lanesDir, { recursive: true });
  const size = await stat(file).then(
    (info) => info.size,
    () => 0,
  );
  if (size > LOG_LIMIT_BYTES) await rename(file, `${file}.1`);
  await appendFile(file, lines.map((line) => `${now.toISOString()} ${line}\n`).join(''));
}
