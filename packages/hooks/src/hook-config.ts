import { resolveConfig, type Diagnostic, type LanesConfig } from '@lanes/core';
import { cachedConfigFile, readCachedConfig, type Repository } from '@lanes/git';
import { readWorktreeConfig } from './worktree-config.js';

export interface HookConfig {
  config: LanesConfig;
  /** Where it came from: the coordination branch's config as the last lanes command saw it, or project.json here. */
  source: 'cache' | 'worktree';
  /** Problems of the worktree's project.json (the cache is used only when it is sound). */
  problems: Diagnostic[];
}

/**
 * The configuration a hook decides with, without the network. The coordination
 * branch's config as the last lanes command fetched it comes first: the worktree's
 * project.json may be older, or not carry the `agents` section at all when the
 * coordination branch is a branch of its own. Without that cache (no lanes command
 * ran in this clone yet), the worktree's project.json.
 */
export async function readHookConfig(
  repo: Pick<Repository, 'root' | 'commonDir'>,
): Promise<HookConfig> {
  const cached = await readCachedConfig(repo);
  if (cached !== null) {
    const resolved = resolveConfig(cached, cachedConfigFile(repo));
    if (resolved.problems.length === 0) {
      return { config: resolved.config, source: 'cache', problems: [] };
    }
  }
  return { ...(await readWorktreeConfig(repo.root)), source: 'worktree' };
}
