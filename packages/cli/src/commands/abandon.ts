import {
  applyAbandon,
  isLanesError,
  LanesError,
  lockForPrd,
  lockForSession,
  normalizePrdId,
  NO_SESSION,
  protectedBranchReason,
  type CoordinationState,
} from '@lanes/core';
import {
  clearClaimRecord,
  currentBranch,
  ensureSessionId,
  fetchBranchTip,
  localBranchSha,
  readClaimRecord,
  removeLiveness,
  uncommittedChanges,
  commitTransition,
  currentSessionId,
  loadCoordination,
  openWorkspace,
  syncLocalCheckout,
  type Workspace,
} from '@lanes/git';
import { removeBranch, uncommittedWorkError, type BranchRemoval } from '../abandon-branch.js';
import { abandonLeftovers, finishAbandon } from '../abandon-finish.js';
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
  const record = await readClaimRecord(ws.repo).catch(() => null);
  const left = abandonLeftovers(state, liveness, request.named, record);
  if (left !== null) {
    return finishAbandon(ctx, ws, state, left, {
      keepBranch: request.keepBranch,
      forget: (session) => forgetLiveness(ctx, ws, session),
    });
  }
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
  const branch = dryRun.branch;
  const keptBecause = protectedBranchReason(branch, ws.coords.branch, state.locks, prdId);
  const deleting = !request.keepBranch && keptBecause === undefined;
  const onBranch = (await currentBranch(ws.repo.git)) === branch;
  if (deleting && onBranch) {
    const dirty = await uncommittedChanges(ws.repo.git);
    if (dirty.length > 0) throw uncommittedWorkError(branch, dirty);
  }
  const tips = {
    remote: await fetchBranchTip(ws.repo, ws.coords.remote, branch),
    local: await localBranchSha(ws.repo.git, branch),
  };
  const tipSha = tips.remote ?? tips.local ?? undefined;
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

  let removal: BranchRemoval = { local: false, remote: false, switchedTo: null, notes: [] };
  if (deleting) removal = await removeBranch(ws, branch, tips, onBranch);
  else if (keptBecause !== undefined && !request.keepBranch) {
    removal.notes.push(`kept the branch: ${keptBecause}`);
  }
  await syncLocalCheckout(ws, commit);
  // The holder read before the transaction, if it is still whose work was archived.
  if (holder !== undefined && holder.sessionId === result.entry.sessionId) {
    await forgetLiveness(ctx, ws, holder.sessionId);
  }
  if (await isOwnClaim(ws, prdId, holder?.sessionId, recorded)) await clearClaimRecord(ws.repo);
  for (const note of removal.notes) ctx.note(`note: ${note}`);

  return {
    prdId,
    sessionId: result.entry.sessionId ?? sessionId,
    abandonedBy: sessionId,
    archivedTo: result.entry.archivedTo,
    reason: result.entry.reason,
    branch,
    branchTip: tipSha ?? null,
    branchDeleted: deleting && removal.local && removal.remote,
    localBranchDeleted: deleting && removal.local && tips.local !== null,
    remoteBranchDeleted: deleting && removal.remote && tips.remote !== null,
    switchedTo: removal.switchedTo,
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

/** The abandoned session's heartbeat ref says nothing any more; a failure only leaves it stale. */
async function forgetLiveness(ctx: CliContext, ws: Workspace, sessionId: string): Promise<void> {
  try {
    await removeLiveness(ws.repo, ws.coords.remote, sessionId);
  } catch (error) {
    if (!isLanesError(error)) throw error;
    ctx.note(`note: could not remove the heartbeat ref of ${sessionId}: ${error.message}`);
  }
}

/** This worktree held the PRD: its claim record must go, or the hooks keep pinging for it. */
async function isOwnClaim(
  ws: Workspace,
  prdId: string,
  holder: string | undefined,
  recorded: string | null,
): Promise<boolean> {
  const record = await readClaimRecord(ws.repo).then(
    (found) => found,
    () => 'unreadable' as const,
  );
  if (record === 'unreadable') return holder !== undefined && holder === recorded;
  return record?.prdId === prdId;
}
