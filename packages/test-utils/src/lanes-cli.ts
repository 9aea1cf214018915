import { fileURLToPath } from 'node:url';
import { run, sandboxEnv, type RunResult } from './sandbox.js';

/** The built CLI entry (turbo builds it before any package's tests run). */
export const LANES_BIN = fileURLToPath(new URL('../../cli/bin/lanes.js', import.meta.url));

export interface LanesRun extends RunResult {
  /** stdout parsed as JSON when the call used --json. */
  json?: unknown;
}

/** Runs the real `lanes` process in `cwd`, the way an agent or a person would. */
export async function runLanes(
  cwd: string,
  args: readonly string[],
  options: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {},
): Promise<LanesRun> {
  const result = await run(process.execPath, [LANES_BIN, ...args], {
    cwd,
    env: sandboxEnv(options.env),
    ...(options.input === undefined ? {} : { input: options.input }),
    timeoutMs: options.timeoutMs ?? 60_000,
  });
  if (!args.includes('--json')) return result;
  try {
    return { ...result, json: JSON.parse(result.stdout) };
  } catch {
    return result;
  }
}
