import { readClaimRecord, type ClaimRecord } from '@lanes/git';
import type { CliContext } from './context.js';
import { currentSessionId, type Workspace } from './workspace.js';

/**
 * The session acting for this worktree's claim: `--session`/LANES_SESSION, else the
 * one the claim record names (a claim made with --session in a worktree that has a
 * session of its own), else the worktree's session. An unreadable record counts as none.
 */
export async function claimingSession(
  ctx: CliContext,
  ws: Workspace,
): Promise<{ sessionId: string | null; record: ClaimRecord | null }> {
  const record = await readClaimRecord(ws.repo).catch(() => null);
  const sessionId = ctx.sessionOverride ?? record?.sessionId ?? (await currentSessionId(ctx, ws));
  return { sessionId, record };
}
