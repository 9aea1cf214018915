import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';

// Real parallel OS processes for concurrency tests and benchmarks. The parent starts N
// workers, waits until each has loaded its code and says it is ready, then releases
// them all at once, so the measured part really overlaps.

const READY = '@@lanes-worker-ready';
const RESULT = '@@lanes-worker-result ';
const GO = 'go\n';

export interface WorkerResult {
  index: number;
  /** null when the worker was killed by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** What the worker passed to reportResult (undefined if it never did). */
  result: unknown;
  stdout: string;
  stderr: string;
}

export interface WorkerOptions {
  /** Absolute path of the worker module; `.ts` runs through tsx with sources resolved. */
  script: string;
  count: number;
  /** Arguments of worker `index` (0-based). */
  args?: (index: number) => string[];
  /** Environment of worker `index`, replacing process.env. */
  env?: (index: number) => NodeJS.ProcessEnv;
  /**
   * Bound for the whole run (default 200 s: a backstop for a hung worker, never a
   * measure of speed); workers still running are killed.
   */
  timeoutMs?: number;
}

/** Starts `count` processes of `script`, releases them together, and collects their results. */
export async function runWorkers(options: WorkerOptions): Promise<WorkerResult[]> {
  const nodeArgs = options.script.endsWith('.ts')
    ? ['--conditions=@lanes/source', '--import', 'tsx']
    : [];
  const children = Array.from({ length: options.count }, (_, index) => {
    const child = spawn(
      process.execPath,
      [...nodeArgs, options.script, ...(options.args?.(index) ?? [])],
      {
        // tsx is found from the script's folder, inside the monorepo.
        cwd: dirname(options.script),
        env: options.env?.(index) ?? process.env,
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    child.stdin.on('error', () => {});
    let stdout = '';
    let stderr = '';
    let result: unknown;
    const ready = new Promise<void>((resolve) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        stdout += `${line}\n`;
        if (line === READY) resolve();
        else if (line.startsWith(RESULT)) result = JSON.parse(line.slice(RESULT.length));
      });
      child.on('exit', () => resolve());
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const done = new Promise<WorkerResult>((resolve) => {
      child.on('close', (exitCode, signal) =>
        resolve({ index, exitCode, signal, result, stdout, stderr }),
      );
    });
    return { child, ready, done };
  });

  const timer = setTimeout(() => {
    for (const { child } of children) child.kill('SIGKILL');
  }, options.timeoutMs ?? 200_000);
  try {
    await Promise.all(children.map(({ ready }) => ready));
    for (const { child } of children) child.stdin.end(GO);
    return await Promise.all(children.map(({ done }) => done));
  } finally {
    clearTimeout(timer);
  }
}

/** In a worker: say it is ready and wait for the parent to release every worker at once. */
export function waitForStart(): Promise<void> {
  process.stdout.write(`${READY}\n`);
  return new Promise((resolve) => {
    let received = '';
    process.stdin.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      if (received.includes('\n')) {
        process.stdin.pause();
        process.stdin.unref?.();
        resolve();
      }
    });
    process.stdin.on('end', () => resolve());
  });
}

/** In a worker: hand a JSON-serializable result to the parent. */
export function reportResult(value: unknown): void {
  process.stdout.write(`${RESULT}${JSON.stringify(value)}\n`);
}
