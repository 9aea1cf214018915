import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, openSync } from 'node:fs';
import { GIT_LOCAL_ENV_VARS } from '@lanes/git';

export interface PingRequest {
  /** The node executable. */
  node: string;
  /** `bin/lanes.js` of the lanes that installed the hooks. */
  lanesBin: string;
  /** The worktree the ping is for (the child finds its claim from there). */
  cwd: string;
  env: NodeJS.ProcessEnv;
  story?: string;
  /** Where the child's error output goes. */
  logFile: string;
}

/** The ping's argv after node: `lanes heartbeat --quiet [--story US-x]`. */
export function pingArguments(lanesBin: string, story?: string): string[] {
  return [lanesBin, 'heartbeat', '--quiet', ...(story === undefined ? [] : ['--story', story])];
}

/**
 * The child's environment: git's hook variables removed (they would point a child git
 * at this hook's repository state) and hooks off, so nothing the ping does recurses.
 */
export function pingEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (!GIT_LOCAL_ENV_VARS.includes(name)) clean[name] = value;
  }
  clean.LANES_SKIP_HOOKS = '1';
  return clean;
}

/**
 * Starts `lanes heartbeat` in its own process group and returns at once: the commit
 * must not wait for the network. The child's stderr is appended to the hooks log.
 */
export function spawnDetachedPing(request: PingRequest): void {
  const log = openSync(request.logFile, 'a');
  try {
    const child = spawn(request.node, pingArguments(request.lanesBin, request.story), {
      cwd: request.cwd,
      env: pingEnvironment(request.env),
      detached: true,
      stdio: ['ignore', 'ignore', log],
    });
    child.on('error', (error) => {
      appendFileSync(
        request.logFile,
        `${new Date().toISOString()} ping could not start: ${error.message}\n`,
      );
    });
    child.unref();
  } finally {
    closeSync(log);
  }
}
