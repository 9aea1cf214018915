import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PingStamp } from './ping-decision.js';

// Small per-worktree files under `$(git rev-parse --git-path lanes)`, read and written
// without running git so the commit hooks stay cheap.

// One line, `<epoch seconds> <interval seconds> <story or ->`, so the hook scripts can
// apply the throttle in sh before node starts (hook-scripts.ts reads the same line).
export const STAMP_FILE = 'heartbeat-stamp';
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

export function formatStamp(stamp: PingStamp, intervalSeconds: number): string {
  const seconds = Math.floor(Date.parse(stamp.at) / 1000);
  return `${seconds} ${Math.max(0, Math.floor(intervalSeconds))} ${stamp.story ?? '-'}\n`;
}

export function parseStamp(text: string): PingStamp | undefined {
  const match = /^(\d+) \d+ (\S+)\n?$/.exec(text);
  if (match === null) return undefined;
  const at = new Date(Number(match[1]) * 1000).toISOString();
  return match[2] === '-' ? { at } : { at, story: match[2] as string };
}

export async function readStamp(lanesDir: string): Promise<PingStamp | undefined> {
  // Missing or unreadable: as if there had been no ping, which only costs one ping.
  const text = await readFile(join(lanesDir, STAMP_FILE), 'utf8').catch(() => '');
  return parseStamp(text);
}

export async function writeStamp(
  lanesDir: string,
  stamp: PingStamp,
  intervalSeconds: number,
): Promise<void> {
  await mkdir(lanesDir, { recursive: true });
  await writeFile(join(lanesDir, STAMP_FILE), formatStamp(stamp, intervalSeconds));
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
