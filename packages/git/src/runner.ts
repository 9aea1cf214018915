import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { LanesError } from '@lanes/core';
import { gitEnvironment, type EnvAdditions } from './env.js';
import { messages } from './messages.js';

export interface GitResult {
  stdout: string;
  stderr: string;
  /** git's exit code; 124 after a timeout, 128 + n when killed by signal n. */
  exitCode: number;
  timedOut: boolean;
}

export interface GitCallOptions {
  /** Defaults to the port's directory. */
  cwd?: string;
  /** Added to (or, with undefined, removed from) the scrubbed environment. */
  env?: EnvAdditions;
  input?: string | Buffer;
  timeoutMs?: number;
}

export interface GitPortOptions {
  /** Bound on every local git call (default 30 s). */
  timeoutMs?: number;
  /** Bound on fetch and push (default 30 s). */
  remoteTimeoutMs?: number;
  /** The environment to start from; default process.env, read at each call. */
  env?: NodeJS.ProcessEnv;
}

/** The one way lanes runs git. Everything else receives a Git and never spawns git itself. */
export interface Git {
  readonly cwd: string;
  readonly timeoutMs: number;
  readonly remoteTimeoutMs: number;
  /** The environment git starts from, before scrubbing (what the user's git would see). */
  readonly baseEnv: NodeJS.ProcessEnv;
  /** Runs git; resolves whatever the exit code (it is the answer), never rejects on it. */
  run(args: readonly string[], options?: GitCallOptions): Promise<GitResult>;
  /** Runs git and returns stdout without the final newline; E_GIT with git's stderr otherwise. */
  check(args: readonly string[], options?: GitCallOptions): Promise<string>;
  /** Starts a long-lived git (`cat-file --batch`) with the same environment rules. */
  spawn(
    args: readonly string[],
    options?: Omit<GitCallOptions, 'input' | 'timeoutMs'>,
  ): ChildProcess;
  /** The same port acting in another directory. */
  at(cwd: string): Git;
}

const DEFAULT_TIMEOUT_MS = 30_000;
// After SIGTERM (which lets git remove its lock files), how long before SIGKILL.
const KILL_GRACE_MS = 2_000;
const TIMED_OUT_EXIT = 124;
// Each git runs in a session (and process group) of its own, except on Windows: a
// timeout stops the whole group (ssh, a hook), not git alone.
const OWN_SESSION = process.platform !== 'win32';

export function createGit(cwd: string, options: GitPortOptions = {}): Git {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const remoteTimeoutMs = options.remoteTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const envFor = (call: GitCallOptions) => gitEnvironment(options.env ?? process.env, call.env);

  const run = (args: readonly string[], call: GitCallOptions = {}) =>
    execGit(args, {
      cwd: call.cwd ?? cwd,
      env: envFor(call),
      input: call.input,
      timeoutMs: call.timeoutMs ?? timeoutMs,
    });

  const check = async (args: readonly string[], call: GitCallOptions = {}) => {
    const result = await run(args, call);
    if (result.exitCode !== 0) throw gitFailure(args, result);
    return result.stdout.replace(/\n$/, '');
  };

  return {
    cwd,
    timeoutMs,
    remoteTimeoutMs,
    get baseEnv() {
      return options.env ?? process.env;
    },
    run,
    check,
    spawn: (args, call = {}) =>
      spawn('git', args, { cwd: call.cwd ?? cwd, env: envFor(call), stdio: 'pipe' }),
    at: (other) => createGit(other, options),
  };
}

/** E_GIT carrying git's own words, for failures that have no better code. */
export function gitFailure(
  args: readonly string[],
  result: Pick<GitResult, 'exitCode' | 'stderr'>,
): LanesError {
  return new LanesError('E_GIT', messages.gitFailed(args, result.exitCode, result.stderr), {
    details: { exitCode: result.exitCode, stderr: result.stderr.trim() },
  });
}

interface RunningGit {
  stop: (signal: NodeJS.Signals) => void;
  ended: Promise<unknown>;
}

// Every git this process runs now, with how to stop its group and when it has ended.
const running = new Set<RunningGit>();

/** Counts a git in what stopRunningGit stops, until `ended` settles (simple-git's too). */
export function trackRunningGit(stop: RunningGit['stop'], ended: Promise<unknown>): void {
  const entry = { stop, ended: ended.catch(() => {}) };
  running.add(entry);
  void entry.ended.then(() => running.delete(entry));
}

/**
 * Stops every git this process started (SIGTERM to its group, SIGKILL after a grace)
 * and resolves when all have ended. For a command interrupted by SIGINT/SIGTERM: git
 * runs in a session of its own, so without this a push would land after lanes exited.
 */
export async function stopRunningGit(): Promise<void> {
  const children = [...running];
  for (const child of children) child.stop('SIGTERM');
  const kill = setTimeout(() => {
    for (const child of children) child.stop('SIGKILL');
  }, KILL_GRACE_MS).unref();
  await Promise.all(children.map((child) => child.ended));
  clearTimeout(kill);
}

interface ExecRequest {
  cwd: string;
  env: NodeJS.ProcessEnv;
  input: string | Buffer | undefined;
  timeoutMs: number;
}

function execGit(args: readonly string[], request: ExecRequest) {
  return new Promise<GitResult>((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: request.cwd,
      env: request.env,
      stdio: 'pipe',
      detached: OWN_SESSION,
      windowsHide: true,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;

    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // After a timeout the SIGKILL still follows, for a grandchild that ignored SIGTERM.
      if (!timedOut) clearTimeout(killTimer);
      resolve({
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        exitCode: timedOut ? TIMED_OUT_EXIT : exitCodeOf(code, signal),
        timedOut,
      });
    };
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined && OWN_SESSION) process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        // Already gone.
      }
    };

    trackRunningGit(
      killGroup,
      new Promise<void>((ended) => {
        child.on('close', () => ended());
        child.on('error', () => ended());
      }),
    );

    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Not an exit status: git is missing or the directory is gone.
      reject(new LanesError('E_GIT', messages.gitNotRunnable(args, error), { cause: error }));
    });
    child.on('close', finish);
    // A grandchild killed with its group may hold our pipes open a little longer.
    child.on('exit', (code, signal) => {
      if (timedOut) setTimeout(() => finish(code, signal), 50);
    });

    const timer = setTimeout(() => {
      timedOut = true;
      // SIGTERM first: git removes its lock files on the way out.
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS).unref();
    }, request.timeoutMs);
    // git may exit before reading all of its input (e.g. a bad argument): not our error.
    child.stdin.on('error', () => {});
    child.stdin.end(request.input);
  });
}

function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const number = signal ? constants.signals[signal] : undefined;
  return number === undefined ? 1 : 128 + number;
}
