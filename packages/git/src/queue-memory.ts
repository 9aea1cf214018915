import { createHash } from 'node:crypto';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Repository } from './repository.js';
import type { Coordinates } from './store.js';

/** How long a clone remembers that it found other writers queued on a branch. */
export const BUSY_MEMORY_MS = 60_000;

function busyFile(repo: Repository, coords: Coordinates): string {
  const key = createHash('sha1')
    .update(`${coords.remote}\n${coords.branch}`)
    .digest('hex')
    .slice(0, 16);
  return join(repo.commonDir, 'lanes', 'busy-queues', key);
}

/**
 * Whether this clone took a queue ticket for the branch within BUSY_MEMORY_MS: then
 * its next transaction looks at the queue before fetching, since it will likely wait
 * (and a fetch made before waiting is wasted). Kept in a file, so that separate lanes
 * processes (each command is one) share it.
 */
export async function recentlyBusy(
  repo: Repository,
  coords: Coordinates,
  nowMs: number = Date.now(),
): Promise<boolean> {
  const info = await stat(busyFile(repo, coords)).catch(() => null);
  return info !== null && nowMs - info.mtimeMs < BUSY_MEMORY_MS;
}

/** Remembers that others were queued. Best effort: a failure costs one fetch, later. */
export async function rememberBusy(repo: Repository, coords: Coordinates): Promise<void> {
  const file = busyFile(repo, coords);
  await mkdir(dirname(file), { recursive: true })
    .then(() => writeFile(file, ''))
    .catch(() => {});
}
