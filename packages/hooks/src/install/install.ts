import { isAbsolute, join } from 'node:path';
import { LanesError } from '@lanes/core';
import { openRepository, type GitPortOptions, type Repository } from '@lanes/git';
import { isDirectory, readOptional } from './files.js';
import { HOOK_NAMES, hasHuskyBlock } from './hook-scripts.js';
import { installScripts, removeScripts, type HookChange } from './git-mode.js';
import { copyHuskyRuntime, installHuskyBlocks, removeHuskyBlocks } from './husky-mode.js';
import {
  CONFIG_BIN,
  CONFIG_MODE,
  huskyRuntimeDir,
  listWorktrees,
  readHookSetup,
  readInstalledConfig,
  type HookMode,
  type Worktree,
} from './setup.js';

export interface InstallOptions {
  /** Default: husky when the repository uses it, else git's hooks directory. */
  mode?: HookMode;
  /**
   * Absolute path of `bin/lanes.js` of the running lanes, recorded in git config: the
   * hooks call it when neither this worktree nor the main one has lanes in node_modules.
   */
  lanesBin: string;
}

export interface InstallResult {
  mode: HookMode;
  /** Where the hooks went: git's hooks directory, or `.husky/`. */
  hooksDir: string;
  hooks: HookChange[];
  /** Linked worktrees that needed something to run the hooks, with the paths changed there. */
  worktrees: { path: string; changed: string[] }[];
  notes: string[];
}

function installNotes(mode: HookMode, hooks: readonly HookChange[], hooksPath: string): string[] {
  if (mode !== 'husky') return [];
  const notes: string[] = [];
  if (hooks.length > 0) {
    const files = hooks.map((hook) => `.husky/${hook.hook}`).join(', ');
    notes.push(`commit ${files} so that other clones and new worktrees run lanes too`);
  }
  if (!/\.husky/.test(hooksPath)) {
    notes.push(
      'husky is not active in this clone (core.hooksPath does not point into .husky): run husky, e.g. through your package manager’s install',
    );
  }
  return notes;
}

/**
 * How lanes' hooks were installed for this worktree's repository: as recorded in git
 * config, else husky when the committed `.husky/` files carry lanes' block (a clone
 * that only ran its package manager's install); undefined when they were not.
 */
async function installedMode(worktree: Worktree): Promise<HookMode | undefined> {
  const installed = await readInstalledConfig(worktree);
  if (installed.lanesBin !== undefined && installed.mode !== undefined) return installed.mode;
  for (const hook of HOOK_NAMES) {
    const content = await readOptional(join(worktree.root, '.husky', hook));
    if (content !== undefined && hasHuskyBlock(content)) return 'husky';
  }
  return undefined;
}

/** What a worktree other than `from` needs so that the installed hooks run there too. */
async function ensureHooksIn(worktree: Worktree, from: string | undefined): Promise<string[]> {
  const mode = await installedMode(worktree);
  if (mode === undefined) return [];
  if (mode === 'git') {
    const setup = await readHookSetup(worktree);
    const changes = await installScripts(setup.hooksDir);
    return changes.filter((change) => change.action !== 'updated').map((change) => change.path);
  }
  const changed: string[] = [];
  const source = from ?? (await listWorktrees(worktree))[0];
  if (source !== undefined && (await copyHuskyRuntime(source, worktree.root)) !== undefined) {
    changed.push(huskyRuntimeDir(worktree.root));
  }
  if (await isDirectory(join(worktree.root, '.husky'))) {
    changed.push(...(await installHuskyBlocks(worktree.root, true)).map((change) => change.path));
  }
  return changed;
}

/**
 * Installs the post-commit, post-rewrite and pre-push hooks: as marked blocks in
 * `.husky/` when the repository uses husky, else as scripts in the hooks directory git
 * uses, chaining any hook already there. Records `lanesBin` and the mode in local git
 * config: husky blocks read the path from there, and worktrees made later find it.
 * Existing linked worktrees are made to run the hooks too.
 */
export async function installHooks(
  repo: Repository,
  options: InstallOptions,
): Promise<InstallResult> {
  if (!isAbsolute(options.lanesBin)) {
    throw new LanesError(
      'E_USAGE',
      `the lanes executable must be an absolute path, not ${options.lanesBin}`,
    );
  }
  const setup = await readHookSetup(repo);
  const mode = options.mode ?? (setup.usesHusky ? 'husky' : 'git');
  if (mode === 'husky' && !(await isDirectory(setup.huskyDir))) {
    throw new LanesError(
      'E_USAGE',
      `${repo.root} has no .husky directory: husky is not set up here`,
      {
        hint: 'install into git’s hooks directory with `lanes hooks install --git`, or set husky up first',
      },
    );
  }
  const hooks =
    mode === 'husky' ? await installHuskyBlocks(repo.root) : await installScripts(setup.hooksDir);
  await repo.git.check(['config', '--local', CONFIG_BIN, options.lanesBin]);
  await repo.git.check(['config', '--local', CONFIG_MODE, mode]);

  const worktrees: InstallResult['worktrees'] = [];
  for (const path of await listWorktrees(repo)) {
    if (path === repo.root) continue;
    const changed = await ensureHooksIn({ root: path, git: repo.git.at(path) }, repo.root);
    if (changed.length > 0) worktrees.push({ path, changed });
  }
  return {
    mode,
    hooksDir: mode === 'husky' ? setup.huskyDir : setup.hooksDir,
    hooks,
    worktrees,
    notes: installNotes(mode, hooks, setup.hooksPath),
  };
}

/**
 * Makes installed hooks run in a linked worktree; `lanes claim --worktree` calls it.
 * Git's hooks directory is shared by worktrees, except that a relative core.hooksPath
 * (husky's included) resolves inside each one: there husky's gitignored runtime is
 * copied in, lanes' block added to `.husky/` files that lack it (a branch made before
 * the block was committed), or lanes' scripts written. Returns the paths it changed;
 * none when the hooks were never installed.
 */
export async function ensureWorktreeHooks(
  worktreePath: string,
  options: GitPortOptions = {},
): Promise<string[]> {
  const repo = await openRepository(worktreePath, options);
  return ensureHooksIn(repo, undefined);
}

/** Whether lanes' hooks were installed for this worktree's repository (see installedMode). */
export async function hooksInstalled(
  worktreePath: string,
  options: GitPortOptions = {},
): Promise<boolean> {
  return (await installedMode(await openRepository(worktreePath, options))) !== undefined;
}

/**
 * Removes what installHooks added, in every worktree: lanes' scripts (chained hooks
 * move back, byte for byte), lanes' husky blocks, and the recorded config.
 */
export async function uninstallHooks(
  repo: Repository,
): Promise<{ removed: string[]; restored: string[] }> {
  const removed: string[] = [];
  const restored: string[] = [];
  const hooksDirs = new Set<string>();
  for (const path of await listWorktrees(repo)) {
    hooksDirs.add((await readHookSetup({ root: path, git: repo.git.at(path) })).hooksDir);
    removed.push(...(await removeHuskyBlocks(path)));
  }
  for (const dir of hooksDirs) {
    const result = await removeScripts(dir);
    removed.push(...result.removed);
    restored.push(...result.restored);
  }
  for (const key of [CONFIG_BIN, CONFIG_MODE]) await unsetConfig(repo, key);
  return { removed, restored };
}

/** git config's exit code for a key that was not set. */
const CONFIG_UNSET = 5;

/**
 * Unsets a key; a failure (another git holding .git/config's lock) must not leave the
 * key behind while uninstall reports success: it is git's, with its words.
 */
async function unsetConfig(repo: Repository, key: string): Promise<void> {
  const result = await repo.git.run(['config', '--local', '--unset-all', key]);
  if (result.exitCode === 0 || result.exitCode === CONFIG_UNSET) return;
  throw new LanesError(
    'E_GIT',
    `could not remove ${key} from the git config: ${result.stderr.trim()}`,
    {
      hint: 'run `lanes hooks uninstall` again',
      details: { key, stderr: result.stderr },
    },
  );
}
