import {
  applyUnblock,
  findEntry,
  LanesError,
  normalizePrdId,
  NO_SESSION,
  unknownPrd,
  type PrdRegistryDocument,
} from '@lanes/core';
import type { Command } from '../command.js';
import { renderUnblock } from '../render/unblock.js';
import type { UnblockResult } from '../results.js';
import {
  claimingSession,
  commitTransition,
  loadCoordination,
  openWorkspace,
  syncLocalCheckout,
} from '@lanes/git';

export const unblockCommand: Command = {
  name: 'unblock',
  summary: 'set a blocked lock back to in_progress',
  usage: 'unblock [<prd>]',
  options: {},
  maxPositionals: 1,
  movesBranches: true,
  async run(ctx, { positionals }) {
    const named = positionals[0] === undefined ? undefined : normalizePrdId(positionals[0]);
    const ws = await openWorkspace(ctx);
    const { liveness } = await loadCoordination(ctx, ws);
    const session = (await claimingSession(ctx, ws)).sessionId;
    if (named === undefined && session === null) {
      throw new LanesError(
        'E_NO_SESSION',
        'this worktree has no session, so it holds no lock to unblock',
        {
          hint: 'name the PRD: lanes unblock <prd>',
        },
      );
    }
    const { result, commit } = await commitTransition(
      ctx,
      ws,
      (state, now) => {
        if (named !== undefined) assertKnown(state.registry, named);
        return applyUnblock({
          state,
          sessionId: session ?? NO_SESSION,
          ...(named === undefined ? {} : { prdId: named }),
          liveness,
          now,
        });
      },
      (change) => `chore: unblock ${change.lock.prdId} (${change.lock.sessionId})`,
    );
    await syncLocalCheckout(ws, commit);
    const data: UnblockResult = {
      prdId: result.lock.prdId,
      sessionId: result.lock.sessionId,
      status: result.lock.status,
      changed: result.changed,
      commit,
    };
    return { data, text: renderUnblock(data, { color: ctx.color }) };
  },
};

/** An id the registry does not know is a typo, not a PRD nobody holds. */
function assertKnown(registry: PrdRegistryDocument, prdId: string): void {
  if (findEntry(registry, prdId) !== undefined) return;
  const archived = [...registry.completed, ...registry.abandoned].some((e) => e.id === prdId);
  if (archived) return;
  throw unknownPrd(registry, prdId);
}
