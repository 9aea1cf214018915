import {
  assertStoryId,
  isLanesError,
  isoSeconds,
  LanesError,
  progressHeartbeat,
  type SessionLock,
} from '@lanes/core';
import {
  clearClaimRecord,
  forgetSessionId,
  ping,
  readState,
  writeCachedConfig,
  type ClaimRecord,
  claimingSession,
  commitTransition,
  openWorkspace,
  syncLocalCheckout,
  usableState,
  type Workspace,
} from '@lanes/git';
import type { Command } from '../command.js';
import type { CliContext } from '../context.js';
import { renderHeartbeat } from '../render/heartbeat.js';
import { detachedRuntimePing } from '../runtime-ping.js';
import type { HeartbeatResult } from '../results.js';

export const heartbeatCommand: Command = {
  name: 'heartbeat',
  summary: 'liveness ping and story progress',
  usage: 'heartbeat [--story US-x] [--completed US-x] [--quiet] [--hook]',
  options: {
    story: { type: 'string', valueName: 'US-x', description: 'the story being worked on now' },
    completed: {
      type: 'string',
      valueName: 'US-x',
      multiple: true,
      description: 'a story done (repeatable, idempotent)',
    },
    quiet: { type: 'boolean', description: 'print nothing on success' },
    hook: {
      type: 'boolean',
      description: 'from an agent runtime hook: throttled, detached, silent, never fails',
    },
  },
  maxPositionals: 0,
  async run(ctx, { values }) {
    if (values.hook === true) {
      return { data: { pinged: await detachedRuntimePing(ctx) }, text: '' };
    }
    const story = typeof values.story === 'string' ? values.story : undefined;
    const completed = Array.isArray(values.completed) ? values.completed : [];
    // Malformed arguments are usage errors whatever the session: say so first.
    if (story !== undefined) assertStoryId(story, '--story');
    for (const id of completed) assertStoryId(String(id), '--completed');
    const result = await heartbeat(ctx, story, completed);
    return {
      data: result,
      text: values.quiet === true ? '' : renderHeartbeat(result, { color: ctx.color }),
    };
  },
};

async function heartbeat(
  ctx: CliContext,
  story: string | undefined,
  completed: string[],
): Promise<HeartbeatResult> {
  const ws = await openWorkspace(ctx);
  const { sessionId, record } = await claimingSession(ctx, ws);
  if (sessionId === null) {
    throw new LanesError(
      'E_NO_SESSION',
      'this worktree has no session, so there is nothing to ping',
      {
        hint: "'lanes claim' claims a PRD and starts a session here",
      },
    );
  }

  const snapshot = await readState(ws.repo, ws.coords, { offline: ctx.offline });
  if (snapshot.offline)
    ctx.note('note: offline: checking the claim against the last fetched state');
  const state = usableState(snapshot, ws.coords);
  await writeCachedConfig(ws.repo, state.config).catch(() => undefined);
  const request = {
    sessionId,
    ...(record?.prdId === undefined ? {} : { prdId: record.prdId }),
    ...(story === undefined ? {} : { story }),
    completed,
  };

  let lock: SessionLock;
  let commit: string | null = null;
  try {
    const dryRun = progressHeartbeat({ ...request, state, now: ctx.now() });
    lock = dryRun.lock;
    // A plain heartbeat is a ping only; story progress is what goes to the documents.
    const reportsProgress = story !== undefined || completed.length > 0;
    if (reportsProgress && dryRun.locks !== state.locks) {
      const outcome = await commitTransition(
        ctx,
        ws,
        (current, now) => progressHeartbeat({ ...request, state: current, now }),
        () => `chore: heartbeat ${sessionId} (${progressWords(story, completed)})`,
      );
      lock = outcome.result.lock;
      commit = outcome.commit;
    }
  } catch (error) {
    if (!snapshot.offline) await forgetLostClaim(ctx, ws, error, record, sessionId);
    throw error;
  }

  const now = ctx.now();
  const { via, note } = await ping(
    ws.repo,
    ws.coords.remote,
    sessionId,
    { prdId: lock.prdId, coordinationBranch: ws.coords.branch },
    now,
  );
  // Said once, when the way of pinging changes (a detached hook ping: to the hooks log).
  if (note) ctx.note(note);
  await syncLocalCheckout(ws, commit);
  return {
    sessionId,
    prdId: lock.prdId,
    heartbeat: isoSeconds(now),
    via,
    currentStory: lock.currentStory ?? null,
    completedStories: lock.completedStories ?? [],
    commit,
  };
}

/**
 * The lock this worktree's claim record points at is gone or someone else's: the
 * record goes, so the hooks stop pinging for a claim this worktree no longer has. A
 * session taken over is over: its id goes too, so the next claim here is a new session
 * (as after a release), not the one another session's lock names as previous holder.
 */
async function forgetLostClaim(
  ctx: CliContext,
  ws: Workspace,
  error: unknown,
  record: ClaimRecord | null,
  sessionId: string,
): Promise<void> {
  if (!isLanesError(error) || record === null || record.sessionId !== sessionId) return;
  if (error.code !== 'E_NOT_OWNER' && error.code !== 'E_NO_SESSION') return;
  await clearClaimRecord(ws.repo);
  if (error.code === 'E_NOT_OWNER') await forgetSessionId(ws.repo, sessionId);
  ctx.note(`note: this worktree no longer holds ${record.prdId}: its claim record was removed`);
}

function progressWords(story: string | undefined, completed: readonly string[]): string {
  return [...(story === undefined ? [] : [story]), ...completed.map((id) => `${id} done`)].join(
    ', ',
  );
}
