import {
  branchRisk,
  isLanesError,
  isLanesOwnedPath,
  sessionViews,
  validateDocuments,
  type LanesConfig,
  type Liveness,
} from '@lanes/core';
import {
  branchEvidence,
  changedFiles,
  fetchBranchTips,
  openRepository,
  readClaimRecord,
  readDocumentsAt,
  readLiveness,
  readState,
  remoteSettings,
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
import { readWorktreeConfig } from './worktree-config.js';

/** Bound on each network call of the hook: an unreachable remote costs seconds, not minutes. */
export const PRE_PUSH_REMOTE_TIMEOUT_MS = 5000;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Whether the push goes to the coordinating remote (by name, or by the same URL). */
async function toCoordinationRemote(repo: Repository, remote: string, args: readonly string[]) {
  const [name, url] = args;
  if (name === undefined || name === remote) return true;
  const wanted = (await remoteSettings(repo, remote)).url;
  const target = (await remoteSettings(repo, url ?? name)).url;
  return wanted === target;
}

/** The remote's state, or the last fetched one (with a note) when the remote is out of reach. */
async function readSharedState(repo: Repository, config: LanesConfig, notes: string[]) {
  const coords = { remote: config.coordination.remote, branch: config.coordination.branch };
  let snapshot: Snapshot;
  try {
    snapshot = await readState(repo, coords);
  } catch (error) {
    if (!isLanesError(error) || error.code !== 'E_REMOTE') throw error;
    notes.push(messages.offlineState(error.message));
    snapshot = await readState(repo, coords, { offline: true });
  }
  let liveness: Liveness[] = [];
  try {
    liveness = await readLiveness(repo, coords.remote, { offline: snapshot.offline });
  } catch (error) {
    if (!isLanesError(error) || error.code !== 'E_REMOTE') throw error;
    liveness = await readLiveness(repo, coords.remote, { offline: true });
  }
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

async function risksAgainst(
  repo: Repository,
  config: LanesConfig,
  sessionId: string,
  localSha: string,
  others: readonly OtherSession[],
  offline: boolean,
  notes: string[],
): Promise<SessionRisk[]> {
  if (others.length === 0) return [];
  const fetched = await fetchBranchTips(
    repo,
    config.coordination.remote,
    others.map((other) => other.branch),
    { namespace: `refs/lanes/hooks/${sessionId}/tips`, offline },
  );
  if (fetched.problem !== undefined && !offline) notes.push(messages.offlineTips(fetched.problem));
  const compared = others.filter((other) => fetched.tips.has(other.branch));
  for (const other of others)
    if (!fetched.tips.has(other.branch)) notes.push(messages.noTipFor(other));
  const evidence = await branchEvidence(
    repo.git,
    compared.map((other) => ({ a: localSha, b: fetched.tips.get(other.branch) as string })),
  );
  const risks: SessionRisk[] = [];
  compared.forEach((session, index) => {
    const pair = evidence[index];
    if (pair === undefined) return;
    if (pair.problem !== undefined) {
      notes.push(messages.notComparable(session, pair.problem));
      return;
    }
    risks.push({ session, ...branchRisk(pair, config.coordination.shared) });
  });
  return risks;
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
  const local = await readWorktreeConfig(repo.root);
  const base = { allowConflict: envFlag(ctx.env, 'LANES_ALLOW_CONFLICT') };
  if (local.problems.length > 0) {
    const first = local.problems[0]!;
    return {
      ...base,
      mode: 'warn',
      refs: [],
      notes: [messages.configUnreadable(`${first.file}: ${first.message}`)],
    };
  }
  const config = local.config;
  const mode = config.coordination.prePush;
  if (!config.multiSession || mode === 'off') return undefined;
  if (!(await toCoordinationRemote(repo, config.coordination.remote, args))) return undefined;
  const updates = parsePushLines(stdin).filter(
    (update) => branchOf(update.remoteRef) !== undefined,
  );
  if (updates.length === 0) return undefined;

  const notes: string[] = [];
  const refs: PushedRefFacts[] = [];
  const isCoordinationPush = (update: RefUpdate) =>
    branchOf(update.remoteRef) === config.coordination.branch && !isZeroSha(update.localSha);

  for (const update of updates.filter(isCoordinationPush)) {
    const { problems } = validateDocuments(await readDocumentsAt(repo, update.localSha));
    refs.push({ kind: 'coordination', branch: config.coordination.branch, problems });
  }
  const branchUpdates = updates.filter((update) => !isCoordinationPush(update));
  if (branchUpdates.length === 0) return { ...base, mode, refs, notes };

  const { snapshot, liveness } = await readSharedState(repo, config, notes);
  const state = snapshot.state;
  const shared = state?.config ?? config;
  const views = state === null ? [] : sessionViews(state, liveness, ctx.now());
  const claim = await readClaimRecord(repo);
  const me = ctx.env.LANES_SESSION || claim?.sessionId;
  const ownBranch = views.find((view) => view.sessionId === me)?.branch ?? claim?.branch;
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
            shared,
            me,
            update.localSha,
            others.filter((other) => !other.stale && other.branch !== branch),
            snapshot.offline,
            notes,
          )
        : [],
    });
  }
  return { ...base, mode, refs, notes };
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
