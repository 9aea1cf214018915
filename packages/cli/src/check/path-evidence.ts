import {
  isLanesError,
  lockLiveness,
  type CoordinationState,
  type SessionLock,
  type SessionPathEvidence,
  MAIN_BRANCH,
} from '@lanes/core';
import {
  fetchBranchTips,
  filesChangedSince,
  listWorktrees,
  openRepository,
  readClaimRecord,
  readLiveness,
  readState,
  worktreeChangedFiles,
  type Repository,
  claimingSession,
  usableState,
  type Workspace,
} from '@lanes/git';
import type { CliContext } from '../context.js';
import { freshForSeconds, isFresh, lastCheckFetch, recordCheckFetch } from './fetch-freshness.js';

// What `lanes check` knows about every other live session: its PRD's declared paths,
// the files its pushed branch changed since main, and, when its worktree is on this
// machine, what it changed there and has not pushed (commits and dirty files): only the
// linked worktrees of this clone (`git worktree list`), another clone is not read.

export interface PathEvidence {
  /** The session running the check (left out of the others), or null. */
  sessionId: string | null;
  others: SessionPathEvidence[];
  shared: string[];
  /** True when the remote was asked now; false when the last fetch was recent (or --offline). */
  fetched: boolean;
  /** Age in seconds of the state used: 0 when fetched now, null when unknown. */
  stateAge: number | null;
  /** Evidence that could not be had (the answer stands on the rest). */
  problems: string[];
}

function liveOthers(
  state: CoordinationState,
  liveness: Awaited<ReturnType<typeof readLiveness>>,
  me: string | null,
  now: Date,
): SessionLock[] {
  return state.locks.sessions.filter(
    (lock) => lock.sessionId !== me && !lockLiveness(lock, liveness, state.config, now).stale,
  );
}

/** Files each other session's pushed branch changed since it forked from main. */
async function pushedFiles(
  ws: Workspace,
  locks: readonly SessionLock[],
  offline: boolean,
  problems: string[],
): Promise<{ byBranch: Map<string, string[]>; tips: Map<string, string>; main?: string }> {
  const empty = { byBranch: new Map<string, string[]>(), tips: new Map<string, string>() };
  if (locks.length === 0) return empty;
  try {
    const fetched = await fetchBranchTips(
      ws.repo,
      ws.coords.remote,
      [MAIN_BRANCH, ...locks.map((lock) => lock.branch)],
      { offline },
    );
    if (fetched.problem !== undefined) problems.push(fetched.problem);
    const main = fetched.tips.get(MAIN_BRANCH);
    if (main === undefined) {
      problems.push(`${ws.coords.remote}/${MAIN_BRANCH} is not known here: branches not compared`);
      return { ...empty, tips: fetched.tips };
    }
    const branchTips = locks.flatMap((lock) => {
      const tip = fetched.tips.get(lock.branch);
      return tip === undefined ? [] : [[lock.branch, tip] as const];
    });
    const changed = await filesChangedSince(
      ws.repo.git,
      main,
      branchTips.map(([, tip]) => tip),
    );
    const byBranch = new Map(branchTips.map(([branch, tip]) => [branch, changed.get(tip) ?? []]));
    return { byBranch, tips: fetched.tips, main };
  } catch (error) {
    if (!isLanesError(error)) throw error;
    problems.push(`branches not compared: ${error.message}`);
    return empty;
  }
}

/** Per session id: what its linked worktree of this clone changed and has not pushed. */
async function localFiles(
  ctx: CliContext,
  repo: Repository,
  locks: readonly SessionLock[],
  pushed: { tips: Map<string, string>; main?: string },
  problems: string[],
): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  const bySession = new Map(locks.map((lock) => [lock.sessionId, lock]));
  if (bySession.size === 0) return found;
  for (const worktree of await listWorktrees(repo.git)) {
    if (worktree.path === repo.root) continue;
    try {
      const other = await openRepository(worktree.path, { env: ctx.env });
      const record = await readClaimRecord(other).catch(() => null);
      const lock = record === null ? undefined : bySession.get(record.sessionId);
      if (lock === undefined) continue;
      const dirty = await worktreeChangedFiles(other.git);
      const head = await other.git.run(['rev-parse', '--verify', '-q', 'HEAD^{commit}']);
      // Unpushed commits: since the pushed tip, or since main when nothing is pushed.
      const base = pushed.tips.get(lock.branch) ?? pushed.main;
      const committed =
        head.exitCode === 0 && base !== undefined
          ? ((await filesChangedSince(repo.git, base, [head.stdout.trim()])).get(
              head.stdout.trim(),
            ) ?? [])
          : [];
      found.set(lock.sessionId, [...new Set([...committed, ...dirty])].sort());
    } catch (error) {
      if (!isLanesError(error)) throw error;
      problems.push(`worktree ${worktree.path} not read: ${error.message}`);
    }
  }
  return found;
}

export async function gatherPathEvidence(ctx: CliContext, ws: Workspace): Promise<PathEvidence> {
  const now = ctx.now();
  const last = await lastCheckFetch(ws.repo);
  const offline = ctx.offline || isFresh(last, now, freshForSeconds(ctx.env));
  const [snapshot, liveness] = await Promise.all([
    readState(ws.repo, ws.coords, { offline }),
    readLiveness(ws.repo, ws.coords.remote, { offline }),
  ]);
  const state = usableState(snapshot, ws.coords);
  const problems: string[] = [];
  const { sessionId } = await claimingSession(ctx, ws);
  const locks = liveOthers(state, liveness, sessionId, now);
  const pushed = await pushedFiles(ws, locks, offline, problems);
  if (!offline) await recordCheckFetch(ws.repo, now).catch(() => undefined);
  const local = await localFiles(ctx, ws.repo, locks, pushed, problems);
  const entries = new Map(state.registry.prds.map((entry) => [entry.id, entry]));
  return {
    sessionId,
    others: locks.map((lock) => ({
      sessionId: lock.sessionId,
      prdId: lock.prdId,
      touches: entries.get(lock.prdId)?.touches ?? [],
      branchFiles: pushed.byBranch.get(lock.branch) ?? [],
      worktreeFiles: local.get(lock.sessionId) ?? [],
    })),
    shared: state.config.coordination.shared,
    fetched: !offline,
    stateAge: offline
      ? last === undefined
        ? null
        : Math.max(0, Math.round((now.getTime() - last.getTime()) / 1000))
      : 0,
    problems,
  };
}
