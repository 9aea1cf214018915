import {
  applyEnqueue,
  applyTakeMergeSlot,
  LanesError,
  queuePosition,
  type SessionLock,
} from '@lanes/core';
import { readLiveness, sleep } from '@lanes/git';
import type { CliContext } from '../context.js';
import { commitTransition, type Workspace } from '../workspace.js';
import { releaseMessages } from './messages.js';

// The merge queue from one session's side: join it (one transaction), then poll until
// it is this session's turn and take the slot (another transaction).

/** How long a release waits for its turn before it gives up (still queued). */
export const MAX_WAIT_MS = 60 * 60_000;

export async function joinQueue(
  ctx: CliContext,
  ws: Workspace,
  sessionId: string,
): Promise<{ lock: SessionLock; position: number }> {
  const { result } = await commitTransition(
    ctx,
    ws,
    (state, now) => applyEnqueue({ state, sessionId, now }),
    (change) => releaseMessages.queueMessage(change.lock.prdId, sessionId),
  );
  return { lock: result.lock, position: queuePosition(result.locks, sessionId) ?? 1 };
}

/** Polls the queue with growing, jittered pauses (0.4 s up to 5 s). */
export function pollDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(5_000, 400 * 1.5 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * (0.75 + 0.5 * random()));
}

/**
 * Waits for this session's turn and takes the merge slot. A stale session holding the
 * slot is set back to `blocked` on the way (core's queue rules). Refuses with
 * E_PUSH_REJECTED after `maxWaitMs`, leaving the lock queued in its place.
 */
export async function waitForTurn(
  ctx: CliContext,
  ws: Workspace,
  sessionId: string,
  maxWaitMs: number = MAX_WAIT_MS,
): Promise<SessionLock> {
  const started = Date.now();
  let said = '';
  for (let attempt = 1; ; attempt++) {
    const liveness = await readLiveness(ws.repo, ws.coords.remote);
    const { result } = await commitTransition(
      ctx,
      ws,
      (state, now) => applyTakeMergeSlot({ state, sessionId, liveness, now }),
      (change) =>
        change.taken
          ? releaseMessages.slotMessage(change.lock.prdId, sessionId)
          : releaseMessages.staleMessage(change.blocked),
    );
    if (result.blocked.length > 0) ctx.note(releaseMessages.blockedStale(result.blocked));
    if (result.taken) {
      ctx.note(releaseMessages.tookSlot(result.lock.prdId));
      return result.lock;
    }
    const { waitingFor, position } = result;
    const message = releaseMessages.waiting(
      position,
      waitingFor.sessionId,
      waitingFor.prdId,
      waitingFor.status,
    );
    if (message !== said) ctx.note(message);
    said = message;
    const delay = pollDelay(attempt);
    if (Date.now() - started + delay > maxWaitMs) {
      const own = result.locks.sessions.find((lock) => lock.sessionId === sessionId);
      const prdId = own?.prdId ?? waitingFor.prdId;
      throw new LanesError(
        'E_PUSH_REJECTED',
        releaseMessages.waitExhausted(prdId, Math.round(maxWaitMs / 60_000), position),
        {
          hint: releaseMessages.waitExhaustedHint,
          details: { prdId, position, waitingFor: waitingFor.prdId },
        },
      );
    }
    await sleep(delay);
  }
}
