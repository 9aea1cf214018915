import { spawn, type ChildProcess } from 'node:child_process';
import { LANES_BIN, sandboxEnv } from '@lanes/test-utils';

// A `lanes dashboard --json` process for the scenario tests: started like a person
// would start it, its URL read from the first line it prints, stopped with a signal.

export interface DashboardProcess {
  url: string;
  child: ChildProcess;
  /** Sends the signal and resolves with the exit code once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startDashboardProcess(
  cwd: string,
  args: readonly string[] = [],
  env: Record<string, string> = {},
): Promise<DashboardProcess> {
  const child = spawn(
    process.execPath,
    [LANES_BIN, 'dashboard', '--json', '--port', '0', ...args],
    { cwd, env: sandboxEnv(env), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline >= 0) resolve((JSON.parse(out.slice(0, newline)) as { url: string }).url);
    });
    void exited.then((code) => reject(new Error(`dashboard exited (${code}): ${stderr}`)));
  });
  return {
    url,
    child,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
