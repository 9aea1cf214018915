import {
  isLanesError,
  LanesError,
  stateWrites,
  usableState as usableCoreState,
  type CoordinationState,
  type FileWrite,
  type LanesConfig,
  type Liveness,
  type StateChange,
} from '@lanes/core';
import { readLiveness } from '../heartbeat.js';
import { configValue } from '../remote-settings.js';
import { openRepository, type Repository } from '../repository.js';
import { readClaimRecord, readSessionId, type ClaimRecord } from '../session.js';
import { applyStateChange } from '../state-transaction.js';
import { readState, type Coordinates, type Snapshot } from '../store.js';
import type { TransactOptions } from '../transact.js';
import { currentBranch, fastForwardTo, uncommittedChanges } from './checkout.js';
import { readWorktreeConfig, resolveCoordinates, type CoordinatesSource } from './coordinates.js';
import { readRecordedCoordinates, writeCachedConfig } from './local-settings.js';

// The plumbing every coordinating command shares: where the repository is, which
// remote and branch coordinate, the state and liveness read from there, and how a
// pure transition from core becomes one transaction.

/**
 * What a command hands the packages that act for it (start-work, release): where it
 * runs, the environment, the clock and a channel for notes. The cli's context is one.
 */
export interface CommandContext {
  /** The directory the command acts in (`-C` applied). */
  cwd: string;
  env: NodeJS.ProcessEnv;
  offline: boolean;
  /** `--session` or LANES_SESSION, validated. */
  sessionOverride?: string;
  now(): Date;
  /** Progress and notes: always stderr, so stdout stays one JSON value with --json. */
  note(message: string): void;
}

export interface Workspace {
  repo: Repository;
  coords: Coordinates;
}

/** A workspace with what told lanes its coordinates (git config, project.json, the clone's refs, the default). */
export interface FoundWorkspace extends Workspace {
  source: CoordinatesSource;
}

/**
 * Which remote and branch coordinate (git's resolveCoordinates: what `lanes init`
 * recorded, the worktree's project.json, the remote's lanes/state this clone knows,
 * else main). A project.json lanes cannot read is refused, never guessed around.
 */
export async function openWorkspace(ctx: CommandContext): Promise<FoundWorkspace> {
  const repo = await openRepository(ctx.cwd, { env: ctx.env });
  const worktree = await readWorktreeConfig(repo.root);
  const first = worktree.problems[0];
  if (first !== undefined) {
    throw new LanesError('E_INVALID_STATE', `${first.file}${first.pointer}: ${first.message}`, {
      hint: 'fix the file by hand; lanes never rewrites a file it cannot read',
      details: { problems: worktree.problems },
    });
  }
  const { remote, branch, source } = await resolveCoordinates(repo, worktree, {
    ask: !ctx.offline,
  });
  return { repo, coords: { remote, branch }, source };
}

export interface Coordination {
  snapshot: Snapshot;
  state: CoordinationState;
  config: LanesConfig;
  liveness: Liveness[];
}

/**
 * The shared state and every session's liveness, fetched together. Refuses when
 * coordination is not initialized, is switched off, or the documents are invalid
 * (a command must never build on a broken state).
 */
export async function loadCoordination(ctx: CommandContext, ws: Workspace): Promise<Coordination> {
  const offline = ctx.offline;
  const [snapshot, liveness] = await Promise.all([
    readState(ws.repo, ws.coords, { offline }),
    readLiveness(ws.repo, ws.coords.remote, { offline }),
  ]).catch(async (error: unknown) => {
    throw (await soloMode(ws, error)) ?? error;
  });
  if (snapshot.offline)
    ctx.note(`note: offline: using the last fetched ${describeCoordinates(ws.coords)}`);
  const state = usableState(snapshot, ws.coords);
  await writeCachedConfig(ws.repo, state.config).catch(() => undefined);
  return { snapshot, state, config: state.config, liveness };
}

/**
 * A clone with no such remote and nothing `lanes init` recorded is a solo repository:
 * coordination is off, which is E_NOT_ENABLED (exit 3, "work normally"), not a
 * network failure.
 */
async function soloMode(ws: Workspace, error: unknown): Promise<LanesError | undefined> {
  if (!isLanesError(error) || error.code !== 'E_REMOTE') return undefined;
  const [url, recorded] = await Promise.all([
    configValue(ws.repo, `remote.${ws.coords.remote}.url`),
    readRecordedCoordinates(ws.repo),
  ]);
  if (url !== undefined || recorded.remote !== undefined) return undefined;
  return new LanesError(
    'E_NOT_ENABLED',
    `coordination is off (solo mode): this clone has no remote '${ws.coords.remote}' and lanes was never initialized here`,
    {
      hint: "work normally; to coordinate sessions, add the shared remote and run 'lanes init'",
      details: { remote: ws.coords.remote },
    },
  );
}

/** The state of a snapshot, or the refusal that explains why there is none to use. */
export function usableState(snapshot: Snapshot, coords: Coordinates): CoordinationState {
  return usableCoreState(snapshot, describeCoordinates(coords));
}

/** This worktree's session: `--session`/LANES_SESSION, else the recorded one, else null. */
export async function currentSessionId(ctx: CommandContext, ws: Workspace): Promise<string | null> {
  return ctx.sessionOverride ?? (await readSessionId(ws.repo, ctx.env));
}

export function describeCoordinates(coords: Coordinates): string {
  return `${coords.remote}/${coords.branch}`;
}

/**
 * Runs a core transition as one transaction (git's applyStateChange): re-applied to the
 * newest state on every retry, so a refusal that became true meanwhile (already
 * claimed) is what the user sees, never a push error.
 */
export async function commitTransition<T extends StateChange>(
  ctx: CommandContext,
  ws: Workspace,
  transition: (state: CoordinationState, now: Date) => T,
  message: (result: T) => string,
  options: TransactOptions = {},
): Promise<{ result: T; commit: string | null }> {
  const { result, commit } = await applyStateChange(ws.repo, ws.coords, transition, message, {
    now: ctx.now,
    ...options,
  });
  return { result, commit };
}

/** The files a StateChange rewrites, moves or adds, against the snapshot it was computed on. */
export function writesFor(change: StateChange, snapshot: Snapshot): FileWrite[] {
  return stateWrites(change, snapshot.raw.files);
}

/**
 * After a transaction on the coordination branch, bring the user's checkout along when
 * it is on that branch and clean (a fast-forward, never a merge). Returns whether it did.
 */
export async function syncLocalCheckout(ws: Workspace, commit: string | null): Promise<boolean> {
  if (commit === null) return false;
  const branch = await currentBranch(ws.repo.git);
  if (branch !== ws.coords.branch) return false;
  if ((await uncommittedChanges(ws.repo.git)).length > 0) return false;
  return fastForwardTo(ws.repo.git, commit);
}

/**
 * The session acting for this worktree's claim: `--session`/LANES_SESSION, else the
 * one the claim record names (a claim made with --session in a worktree that has a
 * session of its own), else the worktree's session. An unreadable record counts as none.
 */
export async function claimingSession(
  ctx: CommandContext,
  ws: Workspace,
): Promise<{ sessionId: string | null; record: ClaimRecord | null }> {
  const record = await readClaimRecord(ws.repo).catch(() => null);
  const sessionId = ctx.sessionOverride ?? record?.sessionId ?? (await currentSessionId(ctx, ws));
  return { sessionId, record };
}
