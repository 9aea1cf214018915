import { spawn } from 'node:child_process';
import type { WriteStream } from 'node:fs';
import { GIT_LOCAL_ENV_VARS } from '@lanes/git';

export interface ShellResult {
  code: number;
  /** The last lines the command wrote (stdout and stderr interleaved). */
  tail: string[];
}

/** Lines of a failing command's output kept for the error (the full output is in the log). */
export const TAIL_LINES = 40;
/** Enough bytes for TAIL_LINES long lines; older output only goes to the log. */
const TAIL_BYTES = 64 * 1024;

/**
 * Runs a configured shell command (`setup`, `qualityCheck`, `qualityFix`) in `cwd` and
 * resolves with its exit code and the tail of its output. Its output goes to stderr,
 * whatever it writes (stdout belongs to the one JSON document of `--json`), and to
 * `log` when given. Commits it makes stay quiet (no lanes hooks).
 */
export function runShellCommand(
  command: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  log?: WriteStream,
): Promise<ShellResult> {
  const childEnv: NodeJS.ProcessEnv = { ...env, LANES_SKIP_HOOKS: '1' };
  // A lanes started from a git hook must not hand the hook's repository to the command.
  for (const name of GIT_LOCAL_ENV_VARS) delete childEnv[name];
  return new Promise((resolve) => {
    let recent = '';
    const child = spawn(command, {
      cwd,
      env: childEnv,
      shell: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const take = (chunk: Buffer) => {
      process.stderr.write(chunk);
      log?.write(chunk);
      recent = (recent + chunk.toString('utf8')).slice(-TAIL_BYTES);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const done = (code: number) => resolve({ code, tail: lastLines(recent, TAIL_LINES) });
    child.on('error', () => done(127));
    child.on('close', (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
}

function lastLines(text: string, count: number): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.slice(-count);
}
