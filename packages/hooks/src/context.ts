/** What the CLI's `lanes hook <name>` hands to a hook entry point. */
export interface HookContext {
  /** The directory git ran the hook in (the worktree's top). */
  cwd: string;
  env: NodeJS.ProcessEnv;
  now(): Date;
  /** Absolute path of the lanes executable (`bin/lanes.js`) a detached ping runs. */
  lanesBin: string;
  /** The node that runs `lanesBin` (default: the node running now). */
  nodeBin?: string;
}

/** What a hook entry point returns; only the CLI writes to the process streams. */
export interface HookResult {
  exitCode: number;
  stderr: string[];
}

/** CLI.md: exit code 4 is "a hook blocked a push". Git only needs it non-zero. */
export const BLOCKED_EXIT_CODE = 4;

export function envFlag(env: NodeJS.ProcessEnv, name: string): boolean {
  return env[name] === '1';
}
