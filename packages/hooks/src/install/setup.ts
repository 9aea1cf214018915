import { isAbsolute, join } from 'node:path';
import type { Repository } from '@lanes/git';
import { isDirectory } from './files.js';

export type HookMode = 'husky' | 'git';

/** How a repository runs its hooks, as far as installing lanes is concerned. */
export interface HookSetup {
  /** `core.hooksPath` as configured ('' when unset). */
  hooksPath: string;
  /** The hooks directory git uses from this worktree (absolute; honours core.hooksPath). */
  hooksDir: string;
  /** `<root>/.husky` */
  huskyDir: string;
  usesHusky: boolean;
}

const HUSKY_HOOKS_PATH = /(^|\/)\.husky(\/_)?\/?$/;

/** A worktree as the installer needs it: its top directory and a port acting there. */
export type Worktree = Pick<Repository, 'root' | 'git'>;

export async function readHookSetup(repo: Worktree): Promise<HookSetup> {
  const [configured, hooksDir] = await Promise.all([
    repo.git.run(['config', '--get', 'core.hooksPath']),
    repo.git.check(['rev-parse', '--path-format=absolute', '--git-path', 'hooks']),
  ]);
  const hooksPath = configured.exitCode === 0 ? configured.stdout.trim() : '';
  const huskyDir = join(repo.root, '.husky');
  return {
    hooksPath,
    hooksDir: isAbsolute(hooksDir) ? hooksDir : join(repo.root, hooksDir),
    huskyDir,
    usesHusky: (await isDirectory(huskyDir)) || HUSKY_HOOKS_PATH.test(hooksPath),
  };
}

/**
 * husky's generated runtime (`.husky/_`: its `h` and one stub per hook) is gitignored, so
 * every worktree needs its own copy; with husky 9 core.hooksPath points into it.
 */
export function huskyRuntimeDir(root: string): string {
  return join(root, '.husky', '_');
}

/** Local git config keys lanes records at install time. */
export const CONFIG_BIN = 'lanes.bin';
export const CONFIG_MODE = 'lanes.hooks';

export async function readInstalledConfig(
  repo: Worktree,
): Promise<{ lanesBin?: string; mode?: HookMode }> {
  const [bin, mode] = await Promise.all([
    repo.git.run(['config', '--get', CONFIG_BIN]),
    repo.git.run(['config', '--get', CONFIG_MODE]),
  ]);
  const recordedMode = mode.stdout.trim();
  return {
    ...(bin.exitCode === 0 && bin.stdout.trim() !== '' ? { lanesBin: bin.stdout.trim() } : {}),
    ...(recordedMode === 'husky' || recordedMode === 'git' ? { mode: recordedMode } : {}),
  };
}

/** Paths of every worktree of the repository that still exists on disk (the main one first). */
export async function listWorktrees(repo: Worktree): Promise<string[]> {
  const result = await repo.git.check(['worktree', 'list', '--porcelain']);
  const paths: string[] = [];
  for (const record of result.split('\n\n')) {
    const lines = record.split('\n');
    const path = lines.find((line) => line.startsWith('worktree '))?.slice('worktree '.length);
    if (path === undefined || lines.includes('bare')) continue;
    if (await isDirectory(path)) paths.push(path);
  }
  return paths;
}
