import { LanesError } from '@lanes/core';
import { createGit, type Git, type GitPortOptions } from './runner.js';
import { messages } from './messages.js';

export interface Repository {
  /** The working tree's top directory. */
  root: string;
  /** This worktree's git directory (a linked worktree has its own). */
  gitDir: string;
  /** The directory shared by all worktrees (refs, objects, config). */
  commonDir: string;
  /** `sha1` or `sha256`. */
  objectFormat: string;
  /** The port, acting in `root`. */
  git: Git;
}

/** Finds the repository containing `cwd` with a single git process. */
export async function openRepository(
  cwd: string,
  options: GitPortOptions = {},
): Promise<Repository> {
  const git = createGit(cwd, options);
  const result = await git.run([
    'rev-parse',
    '--path-format=absolute',
    '--show-toplevel',
    '--git-dir',
    '--git-common-dir',
    '--show-object-format',
  ]);
  const lines = result.stdout.split('\n');
  if (result.exitCode !== 0 || lines.length < 4) {
    throw new LanesError('E_USAGE', messages.notARepository(cwd, result.stderr), {
      hint: messages.notARepositoryHint,
    });
  }
  const [root, gitDir, commonDir, objectFormat] = lines as [string, string, string, string];
  return { root, gitDir, commonDir, objectFormat, git: git.at(root) };
}
