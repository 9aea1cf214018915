import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, mkdir, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Variables git exports to hooks; a test process may run inside one, so never pass them on. */
const LEAKY_GIT_VARS = [
  'GIT_DIR',
  'GIT_INDEX_FILE',
  'GIT_WORK_TREE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR',
  'GIT_PREFIX',
  'GIT_CONFIG',
  'GIT_CONFIG_PARAMETERS',
  'GIT_CONFIG_COUNT',
];

/** A clean environment for sandbox processes: fixed identity, no global config, no gpg. */
export function sandboxEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of LEAKY_GIT_VARS) delete env[name];
  for (const name of Object.keys(env)) if (name.startsWith('LANES_')) delete env[name];
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'Lanes Test',
    GIT_AUTHOR_EMAIL: 'test@lanes.invalid',
    GIT_COMMITTER_NAME: 'Lanes Test',
    GIT_COMMITTER_EMAIL: 'test@lanes.invalid',
    GIT_TERMINAL_PROMPT: '0',
    NO_COLOR: '1',
    ...extra,
  };
}

/** Runs a command and resolves with its exit code instead of rejecting on failure. */
export function run(
  file: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? sandboxEnv(),
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        // A missing executable is a broken test setup, not a result to assert on.
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') return reject(error);
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ stdout, stderr, exitCode: code });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

export interface Sandbox {
  /** Temporary directory holding everything; removed by cleanup(). */
  root: string;
  /** Path of the bare repository acting as the shared remote ("origin"). */
  remote: string;
  /** Working clones of the remote, one per simulated machine/session. */
  clones: string[];
  /** Runs git in `cwd`, throwing with git's stderr when it fails. */
  git(cwd: string, ...args: string[]): Promise<string>;
  /** Runs git in `cwd` and returns the full result, whatever the exit code. */
  gitResult(cwd: string, ...args: string[]): Promise<RunResult>;
  /** Writes a file (creating folders) relative to a clone. */
  write(cwd: string, path: string, content: string): Promise<void>;
  /** Writes, stages and commits files in a clone; returns the new commit sha. */
  commit(cwd: string, message: string, files?: Record<string, string>): Promise<string>;
  /** Adds one more clone of the remote and returns its path. */
  addClone(name?: string): Promise<string>;
  cleanup(): Promise<void>;
}

export interface SandboxOptions {
  /** How many clones to make (default 1). */
  clones?: number;
  /** Files of the initial commit on main (default: a README). */
  files?: Record<string, string>;
}

/**
 * A bare remote on `main` with an initial commit, plus clones of it. Mirrors
 * changesets' temp-repo helper: local identity, no gpg, no global config.
 */
export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const root = await mkdtemp(join(tmpdir(), 'lanes-sandbox-'));
  const remote = join(root, 'remote.git');
  const seed = join(root, 'seed');
  const env = sandboxEnv();

  const gitResult = (cwd: string, ...args: string[]) => run('git', args, { cwd, env });
  const git = async (cwd: string, ...args: string[]) => {
    const result = await gitResult(cwd, ...args);
    if (result.exitCode !== 0) {
      throw new Error(
        `git ${args.join(' ')} failed in ${cwd} (${result.exitCode}): ${result.stderr}`,
      );
    }
    return result.stdout.trim();
  };
  const write = async (cwd: string, path: string, content: string) => {
    const full = join(cwd, path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, content);
  };
  const commit = async (cwd: string, message: string, files: Record<string, string> = {}) => {
    for (const [path, content] of Object.entries(files)) await write(cwd, path, content);
    await git(cwd, 'add', '-A');
    await git(cwd, 'commit', '-q', '--allow-empty', '-m', message);
    return git(cwd, 'rev-parse', 'HEAD');
  };

  await git(root, 'init', '-q', '--bare', '--initial-branch=main', remote);
  await git(root, 'init', '-q', '--initial-branch=main', seed);
  await git(seed, 'config', 'commit.gpgsign', 'false');
  await commit(seed, 'initial commit', options.files ?? { 'README.md': '# sandbox\n' });
  await git(seed, 'push', '-q', remote, 'main');

  const clones: string[] = [];
  const addClone = async (name = `clone-${clones.length + 1}`) => {
    const path = join(root, name);
    await git(root, 'clone', '-q', remote, path);
    await git(path, 'config', 'commit.gpgsign', 'false');
    clones.push(path);
    return path;
  };
  for (let i = 0; i < (options.clones ?? 1); i++) await addClone();

  return {
    root,
    remote,
    clones,
    git,
    gitResult,
    write,
    commit,
    addClone,
    cleanup: async () => {
      await stopProcessesUnder(root);
      await rm(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}

/**
 * Stops every process still working inside `root` (a hook's detached ping, a killed
 * release's check) and waits until they are gone: removing a directory under a live
 * writer fails with ENOTEMPTY or leaves the writer recreating files.
 */
export async function stopProcessesUnder(root: string): Promise<void> {
  // A process found in one look may have started another (a ping's git) before it was
  // killed: look again until a look finds none to stop. The bound only guards against a
  // runaway spawner.
  for (let round = 0; round < 20; round++) {
    const killed = (await processesUnder(root)).filter((pid) => {
      try {
        process.kill(pid, 'SIGKILL');
        return true;
      } catch {
        return false; // exited in between, or not ours to stop
      }
    });
    if (killed.length === 0) return;
    await waitUntilGone(killed, 30_000);
  }
}

/**
 * Waits (up to a generous bound) until no process works inside `root` any more: a
 * killed command's git child runs in its own process group and may still land its push.
 * Waiting on the processes themselves, not on a guessed delay, is what stays true on a
 * loaded machine.
 */
export async function waitForProcessesUnder(root: string, boundMs = 60_000): Promise<void> {
  await waitUntilGone(await processesUnder(root), boundMs);
}

/** Linux reads each process's cwd from /proc; elsewhere none are found. */
async function processesUnder(root: string): Promise<number[]> {
  const inside = (path: string) => path === root || path.startsWith(`${root}/`);
  let names: string[];
  try {
    names = await readdir('/proc');
  } catch {
    return [];
  }
  const found: number[] = [];
  for (const pid of names.filter((name) => /^\d+$/.test(name)).map(Number)) {
    if (pid === process.pid) continue;
    try {
      if (inside(await readlink(`/proc/${pid}/cwd`))) found.push(pid);
    } catch {
      // gone already, or not ours to read
    }
  }
  return found;
}

async function waitUntilGone(pids: number[], boundMs: number): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (pids.some(isRunning) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Alive and not a zombie waiting to be reaped (a zombie holds no files). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}
