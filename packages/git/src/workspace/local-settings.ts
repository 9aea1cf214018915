import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LanesConfig } from '@lanes/core';
import { writeFileAtomic } from '../atomic-file.js';
import type { Repository } from '../repository.js';

/**
 * Which remote and branch coordinate, as `lanes init` recorded it in this clone's git
 * config. It matters when the coordination branch is not the checked-out one (a
 * dedicated `lanes/state`): the worktree's project.json may not say it.
 */
export async function readRecordedCoordinates(
  repo: Pick<Repository, 'git'>,
): Promise<{ remote?: string; branch?: string }> {
  const result = await repo.git.run(['config', '--get-regexp', '^lanes\\.(remote|branch)$']);
  const found: { remote?: string; branch?: string } = {};
  for (const line of result.stdout.split('\n')) {
    const [key, ...value] = line.split(' ');
    if (key === 'lanes.remote') found.remote = value.join(' ');
    if (key === 'lanes.branch') found.branch = value.join(' ');
  }
  return found;
}

export async function recordCoordinates(
  repo: Repository,
  coords: { remote: string; branch: string },
): Promise<void> {
  await repo.git.check(['config', 'lanes.remote', coords.remote]);
  await repo.git.check(['config', 'lanes.branch', coords.branch]);
}

/** The coordination branch's config as last read, shared by every worktree of the clone. */
export function cachedConfigFile(repo: Pick<Repository, 'commonDir'>): string {
  return join(repo.commonDir, 'lanes', 'config.json');
}

/** Hooks decide without the network: they read the config the last command fetched. */
export async function readCachedConfig(
  repo: Pick<Repository, 'commonDir'>,
): Promise<LanesConfig | null> {
  try {
    return JSON.parse(await readFile(cachedConfigFile(repo), 'utf8')) as LanesConfig;
  } catch {
    return null;
  }
}

export async function writeCachedConfig(
  repo: Pick<Repository, 'commonDir'>,
  config: LanesConfig,
): Promise<void> {
  const text = `${JSON.stringify(config, null, 2)}\n`;
  const current = await readFile(cachedConfigFile(repo), 'utf8').catch(() => null);
  if (current !== text) await writeFileAtomic(cachedConfigFile(repo), text);
}
