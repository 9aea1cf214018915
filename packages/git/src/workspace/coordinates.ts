import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DOCUMENT_PATHS,
  holdsLanesState,
  MAIN_BRANCH,
  projectConfig,
  resolveConfig,
  STATE_BRANCH,
  STATE_MARKERS,
  type ProjectConfig,
} from '@lanes/core';
import { coordinationRef } from '../refs.js';
import type { Repository } from '../repository.js';
import { remoteHasBranch, type Coordinates } from '../store.js';
import { readRecordedCoordinates } from './local-settings.js';
import { trackingRef } from './tracking.js';

// Which remote and branch coordinate, decided the same way by every command and every
// hook, without the network: a teammate's fresh clone that never ran `lanes init` must
// find the same branch as the clone that did.

const CONFIG_FILES = [DOCUMENT_PATHS.projectJson, DOCUMENT_PATHS.docsProjectJson];

export interface FoundConfig extends ProjectConfig {
  /** The file it came from; undefined when there is none (defaults, no problems). */
  file?: string;
}

const NO_CONFIG: FoundConfig = {
  config: resolveConfig(undefined).config,
  problems: [],
  hasAgents: false,
  named: {},
};

/** project.json (else docs/project.json) as this worktree has it. Problems are returned, never thrown. */
export async function readWorktreeConfig(root: string): Promise<FoundConfig> {
  for (const file of CONFIG_FILES) {
    const text = await readFile(join(root, file), 'utf8').catch(() => undefined);
    if (text !== undefined) return { ...projectConfig(file, text), file };
  }
  return NO_CONFIG;
}

/** The same, as a local commit has it (no fetch); undefined when it has neither file. */
export async function readConfigAt(
  repo: Pick<Repository, 'git'>,
  ref: string,
): Promise<FoundConfig | undefined> {
  for (const file of CONFIG_FILES) {
    const shown = await repo.git.run(['cat-file', 'blob', `${ref}:${file}`]);
    if (shown.exitCode === 0) return { ...projectConfig(file, shown.stdout), file };
  }
  return undefined;
}

export type CoordinatesSource =
  /** `lanes init` recorded them in this clone's git config. */
  | 'recorded'
  /** The worktree's project.json names them in `agents.coordination`. */
  | 'project.json'
  /** The clone knows the remote's `lanes/state` (git clone brings it along). */
  | 'state-branch'
  /** Nothing says otherwise: main, as in the seed. */
  | 'default';

export interface ResolvedCoordinates extends Coordinates {
  source: CoordinatesSource;
  /** The local ref holding the coordination branch's last known tip, when the clone has one. */
  knownTip?: string;
}

/**
 * Recorded git config → the worktree's project.json → the remote's `lanes/state` as
 * this clone knows it → main. Zero network: a clone of a repository coordinated on
 * `lanes/state` has `refs/remotes/<remote>/lanes/state` from the clone itself. A
 * command (not a hook) passes `ask: true` for a clone made before the branch existed:
 * when nothing local says, it asks the remote whether lanes/state is there.
 */
export async function resolveCoordinates(
  repo: Repository,
  worktree: Pick<ProjectConfig, 'config' | 'named'>,
  options: { ask?: boolean } = {},
): Promise<ResolvedCoordinates> {
  const recorded = await readRecordedCoordinates(repo);
  const remote = recorded.remote ?? worktree.named.remote ?? worktree.config.coordination.remote;
  const at = async (branch: string, source: CoordinatesSource, tip?: string) => {
    const known = tip ?? (await knownTip(repo, remote, branch));
    return { remote, branch, source, ...(known === undefined ? {} : { knownTip: known }) };
  };
  if (recorded.branch !== undefined) return at(recorded.branch, 'recorded');
  if (worktree.named.branch !== undefined) return at(worktree.named.branch, 'project.json');
  const state = await knownTip(repo, remote, STATE_BRANCH);
  if (state !== undefined) return at(STATE_BRANCH, 'state-branch', state);
  // A clone of a repository coordinated on main (the seed's layout) knows it from main's
  // documents: no need to ask the remote about lanes/state on every command.
  const main = await knownTip(repo, remote, MAIN_BRANCH);
  if (main !== undefined && (await holdsStateAt(repo, main)))
    return at(MAIN_BRANCH, 'default', main);
  if (options.ask === true && (await remoteHasBranch(repo, remote, STATE_BRANCH))) {
    return at(STATE_BRANCH, 'state-branch');
  }
  return at(MAIN_BRANCH, 'default');
}

async function holdsStateAt(repo: Pick<Repository, 'git'>, ref: string): Promise<boolean> {
  const listed = await repo.git.run(['ls-tree', '--name-only', ref, '--', ...STATE_MARKERS]);
  return listed.exitCode === 0 && holdsLanesState(listed.stdout.split('\n'));
}

/** lanes' own copy of the remote's branch, else git's remote-tracking ref; undefined when neither exists. */
async function knownTip(
  repo: Pick<Repository, 'git'>,
  remote: string,
  branch: string,
): Promise<string | undefined> {
  const refs = [coordinationRef(remote, branch), trackingRef(remote, branch)].filter(
    (ref): ref is string => ref !== null,
  );
  const listed = await repo.git.run(['for-each-ref', '--format=%(refname)', ...refs]);
  if (listed.exitCode !== 0) return undefined;
  const found = listed.stdout.split('\n').filter(Boolean);
  return refs.find((ref) => found.includes(ref));
}
