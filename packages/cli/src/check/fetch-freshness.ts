import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Repository } from '@lanes/git';

// `lanes check` runs before every file edit an agent makes: it asks the remote at most
// once every few seconds. When the last fetch is younger, the state, the pings and the
// branch tips fetched then are used as they are (and the answer says how old they are).

const FRESH_FOR_SECONDS = 5;

/** The window in seconds: LANES_CHECK_FRESH_SECONDS when set to a number (0: always fetch). */
export function freshForSeconds(env: NodeJS.ProcessEnv): number {
  const seconds = Number(env.LANES_CHECK_FRESH_SECONDS);
  return env.LANES_CHECK_FRESH_SECONDS !== undefined && Number.isFinite(seconds) && seconds >= 0
    ? seconds
    : FRESH_FOR_SECONDS;
}

// Per clone, like the fetched refs it describes.
function stampFile(repo: Pick<Repository, 'commonDir'>): string {
  return join(repo.commonDir, 'lanes', 'check-fetched-at');
}

/** When `lanes check` last fetched in this clone, or undefined. */
export async function lastCheckFetch(
  repo: Pick<Repository, 'commonDir'>,
): Promise<Date | undefined> {
  const text = await readFile(stampFile(repo), 'utf8').catch(() => '');
  const at = Date.parse(text.trim());
  return Number.isNaN(at) ? undefined : new Date(at);
}

export async function recordCheckFetch(
  repo: Pick<Repository, 'commonDir'>,
  at: Date,
): Promise<void> {
  await mkdir(join(repo.commonDir, 'lanes'), { recursive: true });
  await writeFile(stampFile(repo), `${at.toISOString()}\n`);
}

/** Whether a fetch at `last` is recent enough to answer from (a time ahead of now is not). */
export function isFresh(last: Date | undefined, now: Date, seconds = FRESH_FOR_SECONDS): boolean {
  if (last === undefined) return false;
  const age = now.getTime() - last.getTime();
  return age >= 0 && age < seconds * 1000;
}
