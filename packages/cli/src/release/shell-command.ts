import { spawn } from 'node:child_process';
import { GIT_LOCAL_ENV_VARS } from '@lanes/git';

/**
 * Runs a configured shell command (`qualityCheck`, `qualityFix`) in `cwd` and resolves
 * with its exit code. Its output goes to stderr, whatever it writes: stdout belongs to
 * the one JSON document of `--json`. Commits it makes stay quiet (no lanes hooks).
 */
export function runShellCommand(
  command: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const childEnv: NodeJS.ProcessEnv = { ...env, LANES_SKIP_HOOKS: '1' };
  // A lanes started from a git hook must not hand the hook's repository to the command.
  for (const name of GIT_LOCAL_ENV_VARS) delete childEnv[name];
  return new Promise((resolve) => {
    const child = spawn(command, {
      cwd,
      env: childEnv,
      shell: true,
      stdio: ['ignore', process.stderr, process.stderr],
    });
    child.on('error', () => resolve(127));
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
