import {
  appendLog,
  decidePing,
  logFile,
  readHookConfig,
  readStamp,
  spawnDetachedPing,
  writeStamp,
} from '@lanes/hooks';
import { lanesDir, openRepository, readClaimRecord } from '@lanes/git';
import type { CliContext } from './context.js';
import { lanesBinPath } from './lanes-bin.js';

// Liveness from an agent runtime: a tool call (an MCP tool, a Claude Code PostToolUse
// hook) is as good a sign of life as a commit. The decision is the commit hooks' own,
// made locally from the same stamp file, so a burst of tool calls and commits pings at
// most once per heartbeatIntervalSeconds, and a long test run or planning phase without
// commits no longer looks stale.

export interface PingTurn {
  /** The worktree's top: where the ping runs. */
  root: string;
  /** The worktree's lanes directory (the stamp and the hooks log live there). */
  dir: string;
}

/**
 * Whether this worktree's session should ping now, decided without the network. When
 * it should, the stamp is written first: two calls in quick succession ping once.
 * Undefined when no ping is due, the worktree holds no claim, or coordination is off.
 */
export async function takePingTurn(ctx: CliContext): Promise<PingTurn | undefined> {
  if (ctx.env.LANES_SKIP_HOOKS === '1') return undefined;
  const repo = await openRepository(ctx.cwd, { env: ctx.env });
  if ((await readClaimRecord(repo).catch(() => null)) === null) return undefined;
  const { config } = await readHookConfig(repo);
  if (!config.multiSession) return undefined;
  const dir = lanesDir(repo);
  const lastPing = await readStamp(dir);
  const now = ctx.now();
  const intervalSeconds = config.coordination.heartbeatIntervalSeconds;
  const decision = decidePing({
    ...(lastPing === undefined ? {} : { lastPing }),
    intervalSeconds,
    throttle: true,
    now,
  });
  if (decision.action === 'skip') return undefined;
  // The story stays what the commit hooks last saw: a tool call names none.
  const story = lastPing?.story;
  await writeStamp(dir, { at: now.toISOString(), ...(story ? { story } : {}) }, intervalSeconds);
  return { root: repo.root, dir };
}

/**
 * `lanes heartbeat --hook`: a due ping is started detached (`lanes heartbeat --quiet`,
 * its errors to the hooks log) and this returns at once. Never fails.
 */
export async function detachedRuntimePing(ctx: CliContext): Promise<boolean> {
  try {
    const turn = await takePingTurn(ctx);
    if (turn === undefined) return false;
    await appendLog(turn.dir, ctx.now(), ['runtime hook: ping (tool use)']);
    spawnDetachedPing({
      node: process.execPath,
      lanesBin: lanesBinPath(),
      cwd: turn.root,
      env: ctx.env,
      logFile: logFile(turn.dir),
    });
    return true;
  } catch {
    return false;
  }
}
