import { existsSync } from 'node:fs';
import { storyIdFromSubject } from '@lanes/core';
import { lanesDir, openRepository, readClaimRecord } from '@lanes/git';
import { envFlag, type HookContext, type HookResult } from './context.js';
import { spawnDetachedPing, type PingRequest } from './detached-ping.js';
import { appendLog, logFile, operationInProgress, readStamp, writeStamp } from './git-dir-files.js';
import { messages } from './messages.js';
import { decidePing, reasonToStayQuiet, stampAfter } from './ping-decision.js';
import { readHookConfig } from './hook-config.js';

export interface PingHookOptions {
  /** Replaces the detached spawn (tests watch what would be started). */
  startPing?: (request: PingRequest) => void;
}

interface PingMode {
  hook: 'post-commit' | 'post-rewrite';
  /** At most one ping per interval (not after a rebase). */
  throttle: boolean;
  /** Stay quiet while a rebase or cherry-pick replays commits. */
  quietDuringOperations: boolean;
}

const NOTHING: HookResult = { exitCode: 0, stderr: [] };

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Never throws and always exits 0: a commit must not fail or wait because of lanes. */
async function pingHook(
  ctx: HookContext,
  mode: PingMode,
  options: PingHookOptions,
): Promise<HookResult> {
  if (envFlag(ctx.env, 'LANES_SKIP_HOOKS')) return NOTHING;
  const now = ctx.now();
  let dir: string | undefined;
  try {
    const repo = await openRepository(ctx.cwd, { env: ctx.env });
    dir = lanesDir(repo);
    const claim = await readClaimRecord(repo);
    const local = claim === null ? undefined : await readHookConfig(repo);
    const operation = mode.quietDuringOperations ? operationInProgress(repo.gitDir) : undefined;
    const quiet = reasonToStayQuiet({
      skipRequested: false,
      claimed: claim !== null,
      ...(operation === undefined ? {} : { operation }),
      coordinationOn: local?.config.multiSession === true,
    });
    if (quiet !== undefined) return NOTHING;

    const subject = await repo.git.run(['log', '-1', '--format=%s', 'HEAD']);
    const story = subject.exitCode === 0 ? storyIdFromSubject(subject.stdout) : undefined;
    const lastPing = await readStamp(dir);
    const intervalSeconds = local!.config.coordination.heartbeatIntervalSeconds;
    const decision = decidePing({
      ...(lastPing === undefined ? {} : { lastPing }),
      ...(story === undefined ? {} : { story }),
      intervalSeconds,
      throttle: mode.throttle,
      now,
    });
    if (decision.action === 'skip') return NOTHING;

    // The stamp goes first: two commits in quick succession must not both ping.
    await writeStamp(dir, stampAfter(decision, lastPing, now), intervalSeconds);
    if (!existsSync(ctx.lanesBin)) {
      await appendLog(dir, now, [messages.logMissingBin(mode.hook, ctx.lanesBin)]);
      return NOTHING;
    }
    await appendLog(dir, now, [messages.logPing(mode.hook, decision.reason, decision.story)]);
    (options.startPing ?? spawnDetachedPing)({
      node: ctx.nodeBin ?? process.execPath,
      lanesBin: ctx.lanesBin,
      cwd: repo.root,
      env: ctx.env,
      ...(decision.story === undefined ? {} : { story: decision.story }),
      logFile: logFile(dir),
    });
  } catch (error) {
    if (dir !== undefined) {
      await appendLog(dir, now, [messages.logFailure(mode.hook, describe(error))]).catch(() => {});
    }
  }
  return NOTHING;
}

/** `lanes hook post-commit`: a throttled, detached heartbeat after each commit. */
export function runPostCommit(
  ctx: HookContext,
  options: PingHookOptions = {},
): Promise<HookResult> {
  return pingHook(
    ctx,
    { hook: 'post-commit', throttle: true, quietDuringOperations: true },
    options,
  );
}

/**
 * `lanes hook post-rewrite <amend|rebase>`: after a rebase, the one ping its replayed
 * commits did not send; after an amend, an ordinary throttled ping (post-commit has
 * usually just sent it). git's stdin lines (old and new shas) are not needed.
 */
export function runPostRewrite(
  ctx: HookContext,
  args: readonly string[],
  options: PingHookOptions = {},
): Promise<HookResult> {
  const rebase = args[0] === 'rebase';
  return pingHook(
    ctx,
    { hook: 'post-rewrite', throttle: !rebase, quietDuringOperations: !rebase },
    options,
  );
}
