import {
  applyAbandon,
  LanesError,
  lockForPrd,
  lockForSession,
  normalizePrdId,
  NO_SESSION,
  type CoordinationState,
} from '@lanes/core';
import {
  clearClaimRecord,
  commitTransition,
  currentSessionId,
  ensureSessionId,
  loadCoordination,
  openWorkspace,
  readClaimRecord,
  syncLocalCheckout,
} from '@lanes/git';
import { disposeBranch, planBranch } from '../abandon-branch.js';
import { abandonLeftovers, finishAbandon, forgetLiveness } from '../abandon-finish.js';
import type { Command } from '../command.js';
import type { CliContext } from '../context.js';
import { renderAbandon } from '../render/abandon.js';
import type { AbandonResult } from '../results.js';

export const abandonCommand: Command = {
  name: 'abandon',
  summary: 'archive a PRD as abandoned',
  usage: 'abandon [<prd>] --reason <text> [--keep-branch] [--force]',
  options: {
    reason: { type: 'string', valueName: 'text', description: 'why (required): goes to reason.md' },
    'keep-branch': { type: 'boolean', description: 'keep the branch, here and on the remote' },
    force: { type: 'boolean', description: "abandon a live session's PRD" },
  },
  maxPositionals: 1,
  movesBranches: true,
  async run(ctx, { values, positionals }) {
    const reason = typeof values.reason === 'string' ? values.reason.trim() : '';
    if (reason === '') {
      throw new LanesError('E_USAGE', 'abandon: --reason <text> is required', {
        hint: 'say in a few words why, e.g. --reason "superseded by prd-new-print"',
      });
    }
    const named = positionals[0] === undefined ? undefined : normalizePrdId(positionals[0]);
    const result = await abandon(ctx, {
      named,
      reason,
      keepBranch: values['keep-branch'] === true,
      force: values.force === true,
    });
    return { data: result, text: renderAbandon(result, { color: ctx.color }) };
  },
};

interface AbandonRequest {
  named: string | undefined;
  reason: string;
  keepBranch: boolean;
  force: boolean;
}

async function abandon(ctx: CliContext, request: AbandonRequest): Promise<AbandonResult> {
  const ws = await openWorkspace(ctx);
  const { state, liveness } = await loadCoordination(ctx, ws);
  const recorded = await currentSessionId(ctx, ws);
  // Killed after its transaction: the re-run finishes what the first run left undone.
  const record = await readClaimRecord(ws.repo).catch(() => 'unreadable' as const);
  const left = abandonLeftovers(
    state,
    liveness,
    request.named,
    record === 'unreadable' ? null : record,
  );
  if (left !== null) return finishAbandon(ctx, ws, state, left, request.keepBranch);
  const prdId = request.named ?? ownPrd(state, recorded);
  const { reason, force } = request;

  // The rule the transaction applies, tried first on the state just read: a refusal
  // (unknown PRD, a live holder without --force…) then leaves everything as it was.
  const dryRun = applyAbandon({
    state,
    prdId,
    sessionId: recorded ?? NO_SESSION,
    liveness,
    now: ctx.now(),
    reason,
    force,
  });
  const holder = lockForPrd(state.locks, prdId);
  const plan = await planBranch(ws, state, prdId, dryRun.branch, request.keepBranch);
  const tipSha = plan.tips.remote ?? plan.tips.local ?? undefined;
  const sessionId = recorded ?? (await ensureSessionId(ws.repo, undefined, ctx.env));

  const { result, commit } = await commitTransition(
    ctx,
    ws,
    (current, now) =>
      applyAbandon({
        state: current,
        prdId,
        sessionId,
        liveness,
        now,
        reason,
        force,
        ...(tipSha === undefined ? {} : { tipSha }),
      }),
    (change) => `chore: abandon ${prdId} (${change.entry.sessionId ?? sessionId})`,
  );

  const { notes, ...branchFate } = await disposeBranch(ws, plan);
  await syncLocalCheckout(ws, commit);
  // The holder read before the transaction, if it is still whose work was archived.
  if (holder !== undefined && holder.sessionId === result.entry.sessionId) {
    await forgetLiveness(ctx, ws, holder.sessionId);
  }
  const ownClaim =
    record === 'unreadable'
      ? holder !== undefined && holder.sessionId === recorded
      : record?.prdId === prdId;
  if (ownClaim) await clearClaimRecord(ws.repo);
  for (const note of notes) ctx.note(`note: ${note}`);

  return {
    prdId,
    sessionId: result.entry.sessionId ?? sessionId,
    abandonedBy: sessionId,
    archivedTo: result.entry.archivedTo,
    reason: result.entry.reason,
    branch: plan.branch,
    branchTip: tipSha ?? null,
    ...branchFate,
    commit,
  };
}

/** Without a PRD named, the one this worktree's session holds. */
function ownPrd(state: CoordinationState, sessionId: string | null): string {
  const lock = sessionId === null ? undefined : lockForSession(state.locks, sessionId);
  if (lock !== undefined) return lock.prdId;
  throw new LanesError(
    'E_NO_SESSION',
    sessionId === null
      ? 'this worktree has no session, so it holds no PRD to abandon'
      : `session ${sessionId} holds no claim`,
    {
      hint: 'name the PRD: lanes abandon <prd> --reason "…" (`lanes status` lists them)',
      ...(sessionId === null ? {} : { details: { sessionId } }),
    },
  );
}
