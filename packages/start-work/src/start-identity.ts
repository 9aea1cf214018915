import {
  isLanesError,
  LanesError,
  lockForSession,
  startingSession,
  type CoordinationState,
  type SessionLock,
} from '@lanes/core';
import {
  adoptSessionId,
  clearPendingStart,
  forgetSessionId,
  holdWorktreeStart,
  isAlive,
  killPoint,
  loadCoordination,
  newSessionId,
  openRepository,
  openWorkspace,
  pendingStarts,
  readClaimRecord,
  readSessionId,
  recordPendingStart,
  stopRunningGit,
  type Coordination,
  type LocalLock,
  type PendingStart,
  type Workspace,
  type CommandContext,
} from '@lanes/git';
import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { WorkPlace } from './complete-start.js';
import { heldReservation, reservePath, type PathReservation } from './path-reservation.js';

// Who starts work (claim, resume) and how that survives a kill: the session is made
// durable BEFORE the claim is pushed (this worktree's session file, or for a new
// worktree a pending-start record here), so a re-run recognises the lock as its own
// and finishes the start instead of meeting an "alive" stranger.

/** One start at a time in this worktree, decided before the remote is touched. */
async function holdStartHere(ctx: CommandContext, ws: Workspace): Promise<LocalLock> {
  const lock = await holdWorktreeStart(ws.repo);
  if (lock !== null) return lock;
  const sessionId = ctx.sessionOverride ?? (await readSessionId(ws.repo, {}).catch(() => null));
  throw new LanesError(
    'E_SESSION_BUSY',
    `another lanes claim or resume is under way in this worktree (${ws.repo.root})`,
    {
      hint: 'one worktree holds one claim: wait for it and read `lanes status`, or claim in a worktree of its own (`lanes claim --worktree`)',
      details: { sessionId, prdId: null, worktree: ws.repo.root },
    },
  );
}

/** The session a start acts for (core's startingSession), a fresh one when there is none. */
export async function chooseStartSession(
  ctx: CommandContext,
  ws: Workspace,
  place: WorkPlace,
  locks: Coordination['state']['locks'],
): Promise<string> {
  const newWorktree = place.kind === 'new';
  const pending = newWorktree ? ((await earlierStartAt(ws, place.path))?.sessionId ?? null) : null;
  const recorded = newWorktree ? null : await readSessionId(ws.repo, {});
  const override = ctx.sessionOverride ?? null;
  return startingSession({ newWorktree, override, recorded, pending, locks }) ?? newSessionId();
}

export interface DurableStart {
  /** The session to claim for (this worktree's, should another process have recorded one). */
  sessionId: string;
  /** Takes back what was recorded, for a start that certainly did not land or was undone. */
  forget(): Promise<void>;
}

/**
 * The start recorded here for a new worktree at `path` by this process or one that is
 * gone: a re-run continues it. A live process's start is its own, still at work.
 */
async function earlierStartAt(ws: Workspace, path: string): Promise<PendingStart | undefined> {
  return (await pendingStarts(ws.repo)).find(
    (start) => start.path === path && (start.pid === process.pid || !isAlive(start.pid)),
  );
}

/**
 * Records the session where a re-run will find it, before the transaction: this
 * worktree's session file, or the pending start of the new worktree, whose path is
 * reserved first (one start per path: the second is refused here, before it claims).
 */
export async function makeStartDurable(
  ctx: CommandContext,
  ws: Workspace,
  place: WorkPlace,
  sessionId: string,
): Promise<DurableStart> {
  if (place.kind === 'new') return durableNewWorktree(ws, place.path, sessionId);
  // A named session stays named; recordStartedWork records it for this worktree.
  const recorded = await readSessionId(ws.repo, {});
  if (ctx.sessionOverride !== undefined || recorded === sessionId) {
    return { sessionId, forget: async () => undefined };
  }
  // chooseStartSession passed over the recorded session: it holds no claim any more.
  if (recorded !== null) await forgetSessionId(ws.repo, recorded);
  const adopted = await adoptSessionId(ws.repo, sessionId);
  return {
    sessionId: adopted,
    forget: () => forgetSessionId(ws.repo, adopted).then(() => undefined),
  };
}

async function durableNewWorktree(
  ws: Workspace,
  path: string,
  sessionId: string,
): Promise<DurableStart> {
  const earlier = await earlierStartAt(ws, path);
  const forgetWith = (reservation: PathReservation) => async () => {
    await clearPendingStart(ws.repo, path);
    await reservation.release();
  };
  if (earlier !== undefined && earlier.sessionId !== sessionId) {
    // Another session's interrupted start (--session named a new one): its record is
    // replaced only once this start has won the path.
    const reservation = await reservePath(path);
    const forget = forgetWith(reservation);
    await recordPendingStart(ws.repo, { sessionId, path }).catch(async (error: unknown) => {
      await forget();
      throw error;
    });
    return { sessionId, forget };
  }
  // Recorded before the folder is made, so that a start killed at any point from here
  // on is found by its re-run, which takes the folder (made or not) as its own. Only
  // one start runs in this worktree at a time (withStartTurn): no live record is replaced.
  await recordPendingStart(ws.repo, { sessionId, path });
  killPoint('start-recorded');
  const reservation =
    earlier !== undefined
      ? await heldReservation(path)
      : await reservePath(path).catch(async (error: unknown) => {
          await clearPendingStart(ws.repo, path);
          throw error;
        });
  return { sessionId, forget: forgetWith(reservation) };
}

/**
 * Whether a failed transaction certainly pushed nothing: a refusal of the rules or of
 * the state, or every push rejected. A network failure may have landed, and is kept.
 */
export function nothingLanded(error: unknown): boolean {
  return (
    isLanesError(error) &&
    (error.exitCode === 3 || error.exitCode === 4 || error.code === 'E_PUSH_REJECTED')
  );
}

/** The start is recorded in its worktree: the pending record has done its work. */
export async function finishStart(ws: Workspace, place: WorkPlace): Promise<void> {
  if (place.kind === 'new') await clearPendingStart(ws.repo, place.path);
}

export interface InterruptedStart {
  prdId: string;
  sessionId: string;
  place: WorkPlace;
  lock: SessionLock;
}

/**
 * A start of work that was interrupted after its claim landed: the session holds a lock
 * for the worktree, but the worktree does not record it (killed, Ctrl-C). Here: this
 * worktree's session. With `--worktree`: a pending start recorded here whose process is
 * gone, for the path and PRD asked (any, when none was given).
 */
async function interruptedStart(
  ctx: CommandContext,
  ws: Workspace,
  state: CoordinationState,
  request: { worktree: unknown; named: string | undefined },
): Promise<InterruptedStart | null> {
  const worktreeOption = request.worktree;
  if (typeof worktreeOption !== 'string') {
    const sessionId = ctx.sessionOverride ?? (await readSessionId(ws.repo, {}));
    const lock = sessionId === null ? undefined : lockForSession(state.locks, sessionId);
    if (sessionId === null || lock === undefined || lock.worktree !== ws.repo.root) return null;
    if (await recordsClaim(ws.repo.root, lock.prdId)) return null;
    return {
      prdId: lock.prdId,
      sessionId,
      lock,
      place: { kind: 'here', path: ws.repo.root, defaulted: false },
    };
  }
  const asked = worktreeOption === '' ? null : resolve(ctx.cwd, worktreeOption);
  for (const start of await pendingStarts(ws.repo)) {
    if (asked !== null && start.path !== asked) continue;
    if (start.pid !== process.pid && isAlive(start.pid)) continue;
    const lock = lockForSession(state.locks, start.sessionId);
    if (lock === undefined || lock.worktree !== start.path) continue;
    // A new worktree for another PRD is another session: this start does not stand in its way.
    if (request.named !== undefined && request.named !== lock.prdId) continue;
    if (await recordsClaim(start.path, lock.prdId)) {
      await clearPendingStart(ws.repo, start.path);
      continue;
    }
    const place: WorkPlace = { kind: 'new', path: start.path, defaulted: false };
    return { prdId: lock.prdId, sessionId: start.sessionId, lock, place };
  }
  return null;
}

/** Another PRD was asked for while this session's own start waits to be finished. */
export function unfinishedStart({ lock, sessionId }: InterruptedStart): LanesError {
  return new LanesError(
    'E_SESSION_BUSY',
    `session ${sessionId} already holds ${lock.prdId} (${lock.status}); its start did not finish here`,
    {
      hint: `\`lanes claim ${lock.prdId}\` finishes it (checks its branch out here); \`lanes abandon ${lock.prdId} --reason …\` gives it up`,
      details: { sessionId, prdId: lock.prdId },
    },
  );
}

/** Whether the worktree at `path` exists and its claim record names the PRD. */
async function recordsClaim(path: string, prdId: string): Promise<boolean> {
  const repo = await openRepository(path).catch(() => null);
  // A path inside another worktree answers for that one: only its own root counts.
  if (repo === null || repo.root !== (await realpath(path).catch(() => path))) return false;
  const record = await readClaimRecord(repo).catch(() => null);
  return record?.prdId === prdId;
}

/** How far a start got: what an interrupted one can say about what landed. */
export interface StartProgress {
  what: 'claim' | 'resume';
  /** The PRD whose transaction landed. */
  landed?: string;
  /** The worktree records the claim: the start is done. */
  recorded?: boolean;
}

export function interruptedReport(progress: StartProgress): string {
  const { what, landed } = progress;
  if (landed === undefined) {
    return `the ${what} may or may not have reached the remote: run the same command again; it finishes a ${what} that landed and makes one that did not`;
  }
  if (progress.recorded !== true) {
    return `the ${what} of ${landed} landed, its checkout did not finish: run the same command again to finish it`;
  }
  return `the ${what} of ${landed} is done; only its first heartbeat ping was cut short`;
}

/**
 * Runs a start with SIGINT/SIGTERM handled: the git it runs is stopped (it runs in a
 * session of its own and would otherwise push after lanes exited), then the user hears
 * what landed and how a re-run finishes. Exit 130 (SIGINT) or 143 (SIGTERM).
 */
export async function interruptible<T>(
  ctx: CommandContext,
  progress: StartProgress,
  run: () => Promise<T>,
): Promise<T> {
  const onSignal = (signal: NodeJS.Signals) => {
    ctx.note(`lanes: interrupted (${signal}): stopping git`);
    void stopRunningGit().finally(() => {
      ctx.note(`lanes: ${interruptedReport(progress)}`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await run();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * The skeleton `claim` and `resume` share: the workspace, this worktree's turn to start
 * (a new worktree has none to wait for), the state, and an interrupted start of this
 * worktree that the command must finish or refuse around. The turn is given back however
 * `start` ends.
 */
export async function withStartTurn<T>(
  ctx: CommandContext,
  request: { worktree: unknown; named: string | undefined },
  start: (
    ws: Workspace,
    coordination: Coordination,
    interrupted: InterruptedStart | null,
  ) => Promise<T>,
): Promise<T> {
  const ws = await openWorkspace(ctx);
  const turn = typeof request.worktree === 'string' ? undefined : await holdStartHere(ctx, ws);
  try {
    const coordination = await loadCoordination(ctx, ws);
    return await start(
      ws,
      coordination,
      await interruptedStart(ctx, ws, coordination.state, request),
    );
  } finally {
    turn?.release();
  }
}
