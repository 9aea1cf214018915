import {
  isLanesError,
  isLanesOwnedPath,
  isValidBranchName,
  MAIN_BRANCH,
  reservedBranchReason,
  sessionViews,
  validateDocuments,
  type Liveness,
} from '@lanes/core';
import {
  branchRisks,
  changedFiles,
  HEARTBEAT_PREFIX,
  isAncestor,
  openRepository,
  readClaimRecord,
  readDocumentsAt,
  readLiveness,
  readState,
  resolveCoordinates,
  writeCachedConfig,
  type Coordinates,
  type Repository,
  type Snapshot,
} from '@lanes/git';
import { BLOCKED_EXIT_CODE, envFlag, type HookContext, type HookResult } from './context.js';
import { messages } from './messages.js';
import {
  decidePrePush,
  type OtherSession,
  type PrePushFacts,
  type PushedRefFacts,
  type SessionRisk,
} from './pre-push-decision.js';
import { branchOf, isZeroSha, parsePushLines, type RefUpdate } from './push-lines.js';
import { readHookConfig } from './hook-config.js';
import { pushesToCoordination } from './push-target.js';

/** Bound on each network call of the hook: an unreachable remote costs seconds, not minutes. */
export const PRE_PUSH_REMOTE_TIMEOUT_MS = 5000;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The remote's state, or the last fetched one (with a note) when the remote is out of reach. */
async function readSharedState(repo: Repository, coords: Coordinates, notes: string[]) {
  const offlineOnly = (error: unknown) => {
    if (!isLanesError(error) || error.code !== 'E_REMOTE') throw error;
    return error;
  };
  // Both fetches at once: the push waits for the slower, not for their sum.
  const [online, pings] = await Promise.all([
    readState(repo, coords).catch(offlineOnly),
    readLiveness(repo, coords.remote).catch(offlineOnly),
  ]);
  let snapshot: Snapshot;
  if (isLanesError(online)) {
    notes.push(messages.offlineState(online.message));
    snapshot = await readState(repo, coords, { offline: true });
  } else {
    snapshot = online;
  }
  const liveness: Liveness[] = isLanesError(pings)
    ? await readLiveness(repo, coords.remote, { offline: true })
    : pings;
  return { snapshot, liveness };
}

async function lanesOwnedChanges(
  repo: Repository,
  coordinationTip: string | null,
  update: RefUpdate,
  notes: string[],
): Promise<string[]> {
  if (coordinationTip === null) {
    notes.push(messages.noCoordinationTip(branchOf(update.remoteRef) ?? update.remoteRef));
    return [];
  }
  // What the branch changed since it left the coordination branch: what a merge would bring.
  const changed = await changedFiles(repo.git, coordinationTip, update.localSha);
  return changed.filter(isLanesOwnedPath);
}

/**
 * The pushed commit against each other session's branch, on the branches alone (what
 * the registry declares is claim's business, not the push's). A session that has not
 * pushed yet has no work to compare with.
 */
async function risksAgainst(
  repo: Repository,
  remote: string,
  shared: readonly string[],
  pushed: { prdId: string; commit: string },
  others: readonly OtherSession[],
  offline: boolean,
  notes: string[],
): Promise<SessionRisk[]> {
  if (others.length === 0) return [];
  const found = await branchRisks(
    repo,
    remote,
    others.map((other) => ({
      a: { entry: { id: pushed.prdId }, tip: { commit: pushed.commit } },
      b: { entry: { id: other.prdId }, tip: { branch: other.branch } },
    })),
    { offline, shared },
  );
  notes.push(...found.problems.map(messages.branchesNotCompared));
  return others.map((session, index) => {
    const { risk, findings } = found.risks[index]!;
    return { session, risk, findings };
  });
}

/** Everything decidePrePush needs, or undefined when lanes has nothing to check in this push. */
async function gatherFacts(
  ctx: HookContext,
  args: readonly string[],
  stdin: string,
): Promise<PrePushFacts | undefined> {
  const repo = await openRepository(ctx.cwd, {
    env: ctx.env,
    remoteTimeoutMs: PRE_PUSH_REMOTE_TIMEOUT_MS,
  });
  const local = await readHookConfig(repo);
  const allowConflict = envFlag(ctx.env, 'LANES_ALLOW_CONFLICT');
  const allowRewrite = envFlag(ctx.env, 'LANES_ALLOW_REWRITE');
  if (local.problems.length > 0) {
    const first = local.problems[0]!;
    return {
      allowConflict,
      mode: 'warn',
      refs: [],
      notes: [messages.configUnreadable(`${first.file}: ${first.message}`)],
    };
  }
  if (!local.config.multiSession || local.config.coordination.prePush === 'off') return undefined;
  const { remote, branch } = await resolveCoordinates(repo, local.worktree);
  const coords: Coordinates = { remote, branch };
  if (!(await pushesToCoordination(repo, coords, args))) return undefined;
  const pushed = parsePushLines(stdin);
  const updates = pushed.filter((update) => branchOf(update.remoteRef) !== undefined);
  const claim = await readClaimRecord(repo);
  const me = ctx.env.LANES_SESSION || claim?.sessionId;
  const refs: PushedRefFacts[] = heartbeatDeletions(pushed, me);
  if (updates.length === 0 && refs.length === 0) return undefined;

  const notes: string[] = [];
  const isCoordinationPush = (update: RefUpdate) => branchOf(update.remoteRef) === coords.branch;

  for (const update of updates.filter(isCoordinationPush)) {
    refs.push(...(await coordinationFacts(repo, coords.branch, update)));
  }
  refs.push(...reservedNames(updates, coords.branch));
  const branchUpdates = updates.filter((update) => !isCoordinationPush(update));
  const localMode = local.config.coordination.prePush;
  if (branchUpdates.length === 0)
    return { allowConflict, allowRewrite, mode: localMode, refs, notes };

  const { snapshot, liveness } = await readSharedState(repo, coords, notes);
  const state = snapshot.state;
  // The coordination branch has the last word on the mode: project.json here may be old.
  const config = state?.config ?? local.config;
  if (state !== null) await writeCachedConfig(repo, state.config).catch(() => undefined);
  if (!config.multiSession || config.coordination.prePush === 'off') {
    return refs.length === 0
      ? undefined
      : { allowConflict, allowRewrite, mode: localMode, refs, notes };
  }
  const views = state === null ? [] : sessionViews(state, liveness, ctx.now());
  const mine = views.find((view) => view.sessionId === me);
  const ownBranch = mine?.branch ?? claim?.branch;
  const others: OtherSession[] = views
    .filter((view) => view.sessionId !== me)
    .map(({ sessionId, prdId, branch, stale, lastSeen }) => ({
      sessionId,
      prdId,
      branch,
      stale,
      lastSeen,
    }));

  for (const update of branchUpdates) {
    const branch = branchOf(update.remoteRef) as string;
    const deleted = isZeroSha(update.localSha);
    const heldBy = others.find((other) => other.branch === branch);
    const own = !deleted && me !== undefined && branch === ownBranch;
    refs.push({
      kind: 'branch',
      branch,
      deleted,
      lanesOwnedFiles: deleted ? [] : await lanesOwnedChanges(repo, snapshot.tip, update, notes),
      ...(heldBy === undefined ? {} : { heldBy }),
      risks: own
        ? await risksAgainst(
            repo,
            coords.remote,
            config.coordination.shared,
            { prdId: mine?.prdId ?? claim?.prdId ?? branch, commit: update.localSha },
            // Stale sessions too: their work still lands one day (a warning, never a block).
            others.filter((other) => other.branch !== branch),
            snapshot.offline,
            notes,
          )
        : [],
    });
  }
  return { allowConflict, allowRewrite, mode: config.coordination.prePush, refs, notes };
}

/** Deleting, or rewinding, the coordination branch; else the validity of what is pushed. */
async function coordinationFacts(
  repo: Repository,
  branch: string,
  update: RefUpdate,
): Promise<PushedRefFacts[]> {
  if (isZeroSha(update.localSha)) return [{ kind: 'rewrite', ref: branch, what: 'delete' }];
  const facts: PushedRefFacts[] = [];
  // git passes the tip the remote advertised; one we do not have is not in our history.
  if (
    !isZeroSha(update.remoteSha) &&
    !(await isAncestor(repo.git, update.remoteSha, update.localSha))
  ) {
    facts.push({ kind: 'rewrite', ref: branch, what: 'non-fast-forward' });
  }
  const { problems } = validateDocuments(await readDocumentsAt(repo, update.localSha));
  facts.push({ kind: 'coordination', branch, problems });
  return facts;
}

/** Another session's heartbeat ref deleted (`push --mirror`, `push --prune`). */
function heartbeatDeletions(
  pushed: readonly RefUpdate[],
  me: string | undefined,
): PushedRefFacts[] {
  return pushed
    .filter((update) => update.remoteRef.startsWith(HEARTBEAT_PREFIX) && isZeroSha(update.localSha))
    .filter((update) => update.remoteRef.slice(HEARTBEAT_PREFIX.length) !== me)
    .map((update) => ({ kind: 'rewrite', ref: update.remoteRef, what: 'heartbeat' }));
}

/** New branches named so that pushing them breaks lanes for everyone (refs/…, main/x…). */
function reservedNames(
  updates: readonly RefUpdate[],
  coordinationBranch: string,
): PushedRefFacts[] {
  return updates.flatMap((update): PushedRefFacts[] => {
    const branch = branchOf(update.remoteRef) as string;
    if (!isZeroSha(update.remoteSha) || isZeroSha(update.localSha)) return [];
    if (branch === MAIN_BRANCH || branch === coordinationBranch) return [];
    const reason = isValidBranchName(branch)
      ? reservedBranchReason(branch, [MAIN_BRANCH, coordinationBranch])
      : 'a branch name may not start with refs/ or be HEAD';
    return reason === undefined ? [] : [{ kind: 'reserved-name', branch, reason }];
  });
}

/**
 * `lanes hook pre-push <remote> <url>` with git's ref lines on stdin. Blocked: exit 4 and
 * the reasons. A check that cannot run lets the push go with a note: lanes must not
 * stand between a person and their remote because of its own failure.
 */
export async function runPrePush(
  ctx: HookContext,
  args: readonly string[],
  stdin: string,
): Promise<HookResult> {
  if (envFlag(ctx.env, 'LANES_SKIP_HOOKS')) return { exitCode: 0, stderr: [] };
  let facts: PrePushFacts | undefined;
  try {
    facts = await gatherFacts(ctx, args, stdin);
  } catch (error) {
    return { exitCode: 0, stderr: [messages.note(messages.checkFailed(describe(error)))] };
  }
  if (facts === undefined) return { exitCode: 0, stderr: [] };
  const decision = decidePrePush(facts);
  return {
    exitCode: decision.action === 'block' ? BLOCKED_EXIT_CODE : 0,
    stderr: decision.messages,
  };
}
