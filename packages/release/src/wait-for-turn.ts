import {
  applyEnqueue,
  applyTakeMergeSlot,
  lockForSession,
  LanesError,
  queuePosition,
  type CompletedEntry,
  type SessionLock,
} from '@lanes/core';
import {
  readLiveness,
  sleep,
  commitTransition,
  loadCoordination,
  type Workspace,
} from '@lanes/git';
import type { CommandContext } from '@lanes/git';
import { blockedError } from './batch-landing.js';
import { batchMessages } from './batch-messages.js';
import { releaseMessages } from './messages.js';
import { recoverInterruptedLandings } from './recover.js';

// The merge queue from one session's side: join it (one transaction), then poll until
// it is this session's turn and take the slot (another transaction).

/** How long a release waits for its turn before it gives up (still queued). */
export const MAX_WAIT_MS = 60 * 60_000;

export async function joinQueue(
  ctx: CommandContext,
  ws: Workspace,
  sessionId: string,
  priority?: 'high',
): Promise<{ lock: SessionLock; position: number }> {
  const { result } = await commitTransition(
    ctx,
    ws,
    (state, now) =>
      applyEnqueue({ state, sessionId, now, ...(priority === undefined ? {} : { priority }) }),
    (change) => releaseMessages.queueMessage(change.lock.prdId, sessionId),
  );
  return { lock: result.lock, position: queuePosition(result.locks, sessionId) ?? 1 };
}

/** Polls the queue with growing, jittered pauses (0.4 s up to 5 s). */
export function pollDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(5_000, 400 * 1.5 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * (0.75 + 0.5 * random()));
}

export type Turn =
  /** This session holds the merge slot, for itself and the batch (itself first). */
  | { kind: 'slot'; lock: SessionLock; batch: SessionLock[] }
  /** Another session's batch landed this session's PRD. */
  | { kind: 'landed'; entry: CompletedEntry };

/**
 * Waits for this session's turn and takes the merge slot (and its batch). A stale
 * session holding the slot is set back to `blocked` on the way (core's queue rules).
 * While in another session's batch it waits for that batch: it ends landed, or refused
 * as the holder blocked it. Refuses with E_PUSH_REJECTED after `maxWaitMs`, leaving the
 * lock queued in its place.
 */
export async function waitForTurn(
  ctx: CommandContext,
  ws: Workspace,
  sessionId: string,
  maxWaitMs: number = MAX_WAIT_MS,
): Promise<Turn> {
  const started = Date.now();
  let said = '';
  for (let attempt = 1; ; attempt++) {
    const liveness = await readLiveness(ws.repo, ws.coords.remote);
    const taken = await commitTransition(
      ctx,
      ws,
      (state, now) => applyTakeMergeSlot({ state, sessionId, liveness, now }),
      (change) =>
        change.taken
          ? releaseMessages.slotMessage(change.lock.prdId, sessionId)
          : releaseMessages.staleMessage(change.blocked),
    ).catch(async (error: unknown) => {
      const landed = await endedInBatch(ctx, ws, sessionId);
      if (landed === undefined) throw error;
      return landed;
    });
    if ('kind' in taken) return taken;
    const { result } = taken;
    if (result.blocked.length > 0) ctx.note(releaseMessages.blockedStale(result.blocked));
    // A released holder's batch may have reached main before it stopped.
    if (result.released) await recoverInterruptedLandings(ctx, ws);
    if (result.taken) {
      ctx.note(releaseMessages.tookSlot(result.lock.prdId));
      return { kind: 'slot', lock: result.lock, batch: result.batch };
    }
    const { waitingFor, position } = result;
    const own = lockForSession(result.locks, sessionId);
    const message =
      own?.mergedBy === undefined
        ? releaseMessages.waiting(
            position,
            waitingFor.sessionId,
            waitingFor.prdId,
            waitingFor.status,
          )
        : batchMessages.waitingInBatch(waitingFor.sessionId, waitingFor.prdId);
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

/**
 * The lock left the queue while this session waited (the applyTakeMergeSlot refusal):
 * landed by another session's batch, or blocked by it (then its refusal). undefined:
 * something else happened; the original refusal says what.
 */
async function endedInBatch(
  ctx: CommandContext,
  ws: Workspace,
  sessionId: string,
): Promise<Turn | undefined> {
  const { state } = await loadCoordination(ctx, ws);
  const lock = lockForSession(state.locks, sessionId);
  if (lock?.status === 'blocked') {
    throw blockedError(lock.prdId, lock.blockedReason ?? '', lock.blockedCode, lock.blockedOutput);
  }
  if (lock !== undefined) return undefined;
  const entry = state.registry.completed.findLast((done) => done.sessionId === sessionId);
  return entry === undefined ? undefined : { kind: 'landed', entry };
}
