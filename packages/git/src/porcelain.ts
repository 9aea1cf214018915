import type { SimpleGit, SimpleGitOptions } from 'simple-git';
import { gitEnvironment } from './env.js';
import { messages } from './messages.js';
import { gitFailure, trackRunningGit, type Git, type GitCallOptions } from './runner.js';

// simple-git for the worktree-facing porcelain (status, checkout, rebase), where its
// typed results replace parsing git's output by hand. Plumbing and transactions stay on
// the Git port. Loaded on first use: hooks import this package and must start fast.

// simple-git refuses arguments and environment that can run a program (EDITOR,
// GIT_SSH_COMMAND, `-c core.hooksPath`…): a guard for arguments built from untrusted
// input. lanes builds every argument itself from validated names, and the environment
// is the user's own, what their own git sees.
const TRUSTED: SimpleGitOptions['unsafe'] = {
  allowUnsafeAskPass: true,
  allowUnsafeConfigPaths: true,
  allowUnsafeConfigEnvCount: true,
  allowUnsafeDiffExternal: true,
  allowUnsafeEditor: true,
  allowUnsafeGitProxy: true,
  allowUnsafeHooksPath: true,
  allowUnsafePager: true,
  allowUnsafeSshCommand: true,
  allowUnsafeTemplateDir: true,
};

// What a git stopped by its timeout or by an interrupt exits with on the port.
const TIMED_OUT_EXIT = 124;
const INTERRUPTED_EXIT = 130;

export interface PorcelainCall extends Pick<GitCallOptions, 'env' | 'timeoutMs'> {
  /** `-c name=value` settings for every command of the call. */
  config?: string[];
}

/**
 * Runs `use` with a simple-git acting where `git` acts, under the port's rules: the same
 * scrubbed environment, every command bounded by the timeout, stopped by
 * stopRunningGit, and every failure an E_GIT carrying git's exit code and stderr.
 */
export async function withPorcelain<T>(
  git: Git,
  use: (porcelain: SimpleGit) => Promise<T>,
  call: PorcelainCall = {},
): Promise<T> {
  const { simpleGit, GitError, GitPluginError } = await import('simple-git');
  const timeoutMs = call.timeoutMs ?? git.timeoutMs;
  const interrupt = new AbortController();
  const porcelain = simpleGit({
    baseDir: git.cwd,
    abort: interrupt.signal,
    timeout: { block: timeoutMs },
    config: call.config ?? [],
    unsafe: TRUSTED,
    // Any non-zero exit fails, also one with nothing on stderr (simple-git's default
    // counts that as success), and keeps its exit code.
    errors: (error, { exitCode, stdErr }) =>
      error instanceof GitPluginError || exitCode === 0
        ? error
        : Object.assign(new GitError(undefined, Buffer.concat(stdErr).toString('utf8')), {
            exitCode,
          }),
  }).env(gitEnvironment(git.baseEnv, call.env));

  const work = use(porcelain);
  trackRunningGit(() => interrupt.abort(), work);
  try {
    return await work;
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    const args = error.task?.commands ?? [];
    if (error instanceof GitPluginError && error.plugin === 'timeout') {
      throw gitFailure(args, { exitCode: TIMED_OUT_EXIT, stderr: messages.timedOut(timeoutMs) });
    }
    if (error instanceof GitPluginError && error.plugin === 'abort') {
      throw gitFailure(args, { exitCode: INTERRUPTED_EXIT, stderr: messages.interrupted });
    }
    const { exitCode } = error as { exitCode?: number };
    throw gitFailure(args, { exitCode: exitCode ?? 1, stderr: error.message });
  }
}
