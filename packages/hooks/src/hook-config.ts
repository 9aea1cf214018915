import { resolveConfig, type Diagnostic, type LanesConfig } from '@lanes/core';
import {
  cachedConfigFile,
  readCachedConfig,
  readConfigAt,
  readWorktreeConfig,
  resolveCoordinates,
  type FoundConfig,
  type Repository,
} from '@lanes/git';

export interface HookConfig {
  config: LanesConfig;
  /**
   * Where it came from: the coordination branch's config as the last lanes command saw
   * it (`cache`), project.json here (`worktree`), or the coordination branch as this
   * clone last fetched it (`branch`: a fresh clone where no lanes command ran yet).
   */
  source: 'cache' | 'worktree' | 'branch';
  /** Problems of the worktree's project.json (the others are used only when sound). */
  problems: Diagnostic[];
  /** The worktree's project.json, which also tells which branch coordinates. */
  worktree: FoundConfig;
}

/**
 * The configuration a hook decides with, without the network. The coordination
 * branch's config as the last lanes command fetched it comes first: the worktree's
 * project.json may be older, or not carry the `agents` section at all when the
 * coordination branch is a branch of its own. Without that cache, project.json here
 * when it has the section; else the coordination branch's project.json at the tip this
 * clone knows (`git clone` brings the remote's lanes/state along).
 */
export async function readHookConfig(repo: Repository): Promise<HookConfig> {
  const [cached, worktree] = await Promise.all([
    readCachedConfig(repo),
    readWorktreeConfig(repo.root),
  ]);
  if (cached !== null) {
    const resolved = resolveConfig(cached, cachedConfigFile(repo));
    if (resolved.problems.length === 0) {
      return { config: resolved.config, source: 'cache', problems: [], worktree };
    }
  }
  const here = {
    config: worktree.config,
    source: 'worktree',
    problems: worktree.problems,
    worktree,
  } as const;
  if (worktree.hasAgents || worktree.problems.length > 0) return here;
  const { knownTip } = await resolveCoordinates(repo, worktree);
  const committed = knownTip === undefined ? undefined : await readConfigAt(repo, knownTip);
  if (committed === undefined || committed.problems.length > 0) return here;
  return { config: committed.config, source: 'branch', problems: [], worktree };
}
