import { createWriteStream, mkdirSync } from 'node:fs';
import { rmdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  EXIT_CODES,
  LanesError,
  type BatchBlocked,
  type CompletedEntry,
  type ErrorCode,
  type LanesErrorOptions,
  type SessionLock,
} from '@lanes/core';
import {
  addDetachedWorktree,
  detachWorktreeAt,
  discardWorktree,
  discardWorktreesIn,
  fetchBranchTip,
  rebaseOnto,
  type Git,
} from '@lanes/git';
import { MAIN_BRANCH } from '../main-branch.js';
import { batchMessages } from './batch-messages.js';
import {
  finishBatch,
  landBatchInOnePush,
  landBatchInTwoPushes,
  type BatchLink,
} from './batch-push.js';
import {
  buildLanding,
  onlyCoordinationChanges,
  qualityRunner,
  releaseLogPath,
  releaseWorktreePath,
  releaseWorktreesDir,
  stage,
  type Landed,
  type ReleaseRun,
  type RunLog,
} from './landing.js';
import { releaseMessages } from './messages.js';
import { runQualityGate } from './quality-gate.js';
import { runShellCommand, type ShellResult } from './shell-command.js';

// The slot holder's side of a batch (core's `batchFor` chose the members): each member
// is rebased onto the previous one's landing commit, starting from the latest main;
// setup and check run once on the combined tree. A failing batch is split and the
// halves tested, the first half first, until each failing PRD is isolated. What lands
// — in one push, each PRD with its own merge (or squash) commit — is exactly the chain
// the last passing check tested.

/** What a batch member lands: its branch commit as pushed, and its registry title. */
export interface BatchMember {
  sessionId: string;
  prdId: string;
  branch: string;
  title: string;
  head: string;
}

export interface BatchLanded extends Landed {
  /** The session that ran the check and landed it. */
  landedBy: string;
  /** The PRDs that landed in the same push, in order. */
  batch: string[];
}

/** Rebases overtaken by pushes to main before giving up (as a single landing). */
const MAX_ROUNDS = 8;

interface Totals {
  checks: number;
  fixRuns: number;
  flaky: boolean;
}

/** Lands the batch; the holder's own PRD landed, or its refusal (the others are dealt with either way). */
export async function landBatch(
  run: ReleaseRun,
  batch: readonly SessionLock[],
  titleOf: (prdId: string) => string,
): Promise<BatchLanded> {
  const { ws } = run;
  const dir = releaseWorktreesDir(ws.repo);
  const path = releaseWorktreePath(ws.repo, run.prdId);
  await discardWorktreesIn(ws.repo, dir);
  const logPath = releaseLogPath(ws.repo, run.prdId);
  mkdirSync(dirname(logPath), { recursive: true });
  const log = createWriteStream(logPath, { flags: 'w' });
  const blocked: BatchBlocked[] = [];
  try {
    run.ctx.note(batchMessages.batch(batch.map((lock) => lock.prdId)));
    const members = await resolveMembers(run, batch, titleOf, blocked);
    const out: RunLog = { log, logPath, startedAt: Date.now() };
    const landed = await landInRounds(run, path, out, members, blocked);
    const own = landed?.links.find((link) => link.member.prdId === run.prdId);
    if (landed === null || own === undefined) throw ownRefusal(run, blocked);
    return {
      mergeCommit: own.landing,
      mainTip: landed.mainTip,
      entry: landed.entries.find((entry) => entry.id === run.prdId)!,
      ...landed.totals,
      rounds: landed.rounds,
      landedBy: run.sessionId,
      batch: landed.links.map((link) => link.member.prdId),
    };
  } catch (error) {
    if (error instanceof OwnRefusal) throw error.error;
    // What failed so far stays blocked, the holder too; the members still merging go
    // back to the queue (core's applyTakeMergeSlot). It may have landed (a failure after
    // the push to main): the recorded merge commits stay, so a recovery can tell.
    const message = error instanceof Error ? error.message : String(error);
    const own: BatchBlocked = {
      prdId: run.prdId,
      reason: releaseMessages.failedReason(message),
      code: error instanceof LanesError ? error.code : 'E_GIT',
      mayHaveLanded: true,
    };
    await finishBatch(run, [], [...blocked, own]).catch((failure: unknown) =>
      run.ctx.note(releaseMessages.cleanupFailed('set the lock to blocked', String(failure))),
    );
    throw error;
  } finally {
    await new Promise((resolve) => log.end(resolve));
    await discardWorktree(ws.repo, path).catch(() => undefined);
    await rmdir(dir).catch(() => undefined);
  }
}

/** The branch tip each member pushed; one whose branch is gone is blocked. */
async function resolveMembers(
  run: ReleaseRun,
  batch: readonly SessionLock[],
  titleOf: (prdId: string) => string,
  blocked: BatchBlocked[],
): Promise<BatchMember[]> {
  const members: BatchMember[] = [];
  for (const lock of batch) {
    const head =
      lock.sessionId === run.sessionId
        ? run.sourceSha
        : await fetchBranchTip(run.ws.repo, run.ws.coords.remote, lock.branch);
    if (head === null) {
      const reason = batchMessages.branchGone(lock.branch, run.ws.coords.remote);
      blocked.push({ prdId: lock.prdId, reason, code: 'E_GIT' });
      continue;
    }
    const { sessionId, prdId, branch } = lock;
    members.push({ sessionId, prdId, branch, title: titleOf(prdId), head });
  }
  return members;
}

interface LandedBatch {
  links: BatchLink[];
  entries: CompletedEntry[];
  mainTip: string;
  totals: Totals;
  rounds: number;
}

/** Settles the batch on the latest main and lands it; null when nothing was left to land. */
async function landInRounds(
  run: ReleaseRun,
  path: string,
  out: RunLog,
  candidates: BatchMember[],
  blocked: BatchBlocked[],
): Promise<LandedBatch | null> {
  const { ctx, ws } = run;
  const totals: Totals = { checks: 0, fixRuns: 0, flaky: false };
  let members = candidates;
  let tested: string | null = null;
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const mainTip = await fetchBranchTip(ws.repo, ws.coords.remote, MAIN_BRANCH, { track: true });
    if (mainTip === null) {
      throw new LanesError('E_GIT', releaseMessages.mainMissing(ws.coords.remote, MAIN_BRANCH));
    }
    const worktree = await addDetachedWorktree(ws.repo, path, mainTip);
    const settled = await settle(
      { run, worktree, path, out, totals, blocked },
      mainTip,
      members,
      tested,
    );
    tested = settled.tested;
    members = settled.links.map((link) => link.member);
    if (settled.links.length === 0) {
      await finishBatch(run, [], blocked);
      return null;
    }
    stage(run, out, 'landing', `${members.length} PRDs, ${run.strategy} onto ${MAIN_BRANCH}`);
    // The holder's own pings hold back while it pushes: on main they would move the tip.
    const landed = await run.quietPings(() =>
      ws.coords.branch === MAIN_BRANCH
        ? landBatchInOnePush(run, mainTip, settled.links, blocked)
        : landBatchInTwoPushes(run, mainTip, settled.links, blocked),
    );
    if (landed !== null) return { ...landed, links: settled.links, totals, rounds: round };
    ctx.note(releaseMessages.mainMoved(MAIN_BRANCH));
  }
  throw new LanesError('E_PUSH_REJECTED', releaseMessages.keptMoving(MAIN_BRANCH, MAX_ROUNDS), {
    hint: releaseMessages.keptMovingHint,
    details: { prdId: run.prdId, rounds: MAX_ROUNDS },
  });
}

interface Bench {
  run: ReleaseRun;
  worktree: Git;
  path: string;
  out: RunLog;
  totals: Totals;
  /** Members taken out of the batch so far (conflicts, isolated failures). */
  blocked: BatchBlocked[];
}

/**
 * Bisection in queue order: groups are tested on top of what already passed; a failing
 * group of several is split in two (the first half tested first), a failing group of
 * one is blocked. `tested`: the tip a previous round tested; when main moved only in
 * the lanes documents since, the same members need no new check.
 */
async function settle(
  bench: Bench,
  base: string,
  members: BatchMember[],
  tested: string | null,
): Promise<{ links: BatchLink[]; tested: string | null }> {
  const links: BatchLink[] = [];
  let head = base;
  let lastTested = tested;
  const groups: BatchMember[][] = [members];
  while (groups.length > 0) {
    const group = groups.shift()!;
    const chain = await buildChain(bench, head, group);
    if (chain.length === 0) continue;
    const tip = chain.at(-1)!.tip;
    if (
      links.length === 0 &&
      tested !== null &&
      (await onlyCoordinationChanges(bench.run, tested, tip))
    ) {
      bench.run.ctx.note(releaseMessages.unchangedCode(MAIN_BRANCH));
      links.push(...chain);
      head = chain.at(-1)!.landing;
      continue;
    }
    const result = await testChain(bench, head, chain);
    if (result.passed) {
      links.push(...result.chain);
      head = result.chain.at(-1)!.landing;
      lastTested = result.chain.at(-1)!.tip;
    } else if (chain.length === 1) {
      bench.blocked.push(result.failure(chain[0]!.member.prdId));
    } else {
      const ids = chain.map((link) => link.member.prdId);
      bench.run.ctx.note(batchMessages.bisecting(ids));
      const half = Math.ceil(chain.length / 2);
      const survivors = chain.map((link) => link.member);
      groups.unshift(survivors.slice(0, half), survivors.slice(half));
    }
  }
  return { links, tested: lastTested };
}

/** Each member rebased onto the previous one's landing commit; a conflicting one is blocked. */
async function buildChain(
  bench: Bench,
  base: string,
  group: readonly BatchMember[],
): Promise<BatchLink[]> {
  const { run, worktree } = bench;
  const chain: BatchLink[] = [];
  let previous = base;
  for (const member of group) {
    await detachWorktreeAt(worktree, member.head);
    const rebased = await rebaseOnto(worktree, previous);
    if (rebased.kind === 'conflict') {
      bench.blocked.push({
        prdId: member.prdId,
        reason: releaseMessages.conflictReason(MAIN_BRANCH, rebased.files),
        code: 'E_MERGE_CONFLICT',
        output: rebased.files,
      });
      continue;
    }
    const landing = (await buildLanding(memberRun(run, member), previous, rebased.tip)).sha;
    chain.push({ member, tip: rebased.tip, landing });
    previous = landing;
  }
  return chain;
}

const memberRun = (run: ReleaseRun, member: BatchMember): ReleaseRun => ({
  ...run,
  sessionId: member.sessionId,
  prdId: member.prdId,
  branch: member.branch,
  title: member.title,
  sourceSha: member.head,
});

type ChainTest =
  | { passed: true; chain: BatchLink[] }
  | { passed: false; failure: (prdId: string) => BatchBlocked };

/**
 * Setup and check once on the chain's last tip (its tree is the last landing commit's).
 * `qualityFix` runs only for a chain of one: its commits become part of that PRD.
 */
async function testChain(bench: Bench, base: string, chain: BatchLink[]): Promise<ChainTest> {
  const { run, worktree, path, out, totals } = bench;
  const last = chain.at(-1)!;
  const ids = chain.map((link) => link.member.prdId);
  await detachWorktreeAt(worktree, last.tip);
  stage(run, out, 'testing', batchMessages.testing(ids, base));
  const { setup, qualityCheck, qualityFix, attempts, retryFlaky } = run.config.mergeQueue;
  if (setup?.trim()) {
    stage(run, out, 'setup', setup);
    const result = await runShellCommand(setup, path, run.ctx.env, out.log);
    if (result.code !== 0) {
      return failed(
        batchMessages.setupFailedReason(setup, run.sessionId),
        'E_QUALITY_SETUP',
        result,
      );
    }
  }
  let tip = last.tip;
  let lastCheck: ShellResult = { code: 0, tail: [] };
  const alone = chain.length === 1;
  const runner = qualityRunner(memberRun(run, last.member), worktree, path, out, {
    onFixed: (sha) => (tip = sha),
    onCheck: (result) => (lastCheck = result),
  });
  const gate = await runQualityGate(
    {
      ...(qualityCheck ? { check: qualityCheck } : {}),
      ...(qualityFix && alone ? { fix: qualityFix } : {}),
      attempts,
      retryFlaky,
    },
    runner,
  );
  totals.checks += gate.checks;
  totals.fixRuns += gate.fixRuns;
  totals.flaky ||= gate.flaky;
  if (gate.flaky) run.ctx.note(releaseMessages.flaky(qualityCheck ?? ''));
  if (!gate.passed) {
    return failed(
      batchMessages.checkFailedReason(qualityCheck ?? '', run.sessionId),
      'E_QUALITY_CHECK',
      lastCheck,
    );
  }
  if (tip === last.tip) return { passed: true, chain };
  // The fix was committed on top of the PRD's tip: its landing commit is made again.
  const previous = chain.length > 1 ? chain.at(-2)!.landing : base;
  const landing = (await buildLanding(memberRun(run, last.member), previous, tip)).sha;
  return { passed: true, chain: [...chain.slice(0, -1), { ...last, tip, landing }] };
}

function failed(reason: string, code: string, result: ShellResult): ChainTest {
  return { passed: false, failure: (prdId) => ({ prdId, reason, code, output: result.tail }) };
}

/** The holder's own PRD did not land: its refusal, as its lock now says. */
class OwnRefusal extends Error {
  constructor(readonly error: LanesError) {
    super(error.message);
  }
}

function ownRefusal(run: ReleaseRun, blocked: readonly BatchBlocked[]): OwnRefusal {
  const own = blocked.find((entry) => entry.prdId === run.prdId);
  return new OwnRefusal(
    blockedError(run.prdId, own?.reason ?? 'not landed', own?.code, own?.output),
  );
}

/** The refusal of a release whose PRD the merge queue blocked (its own batch or another's). */
export function blockedError(
  prdId: string,
  reason: string,
  code: string | undefined,
  output: readonly string[] | undefined,
): LanesError {
  const known = code !== undefined && code in EXIT_CODES ? (code as ErrorCode) : 'E_QUALITY_CHECK';
  const lines = [...(output ?? [])];
  return new LanesError(known, batchMessages.blocked(prdId, reason), {
    hint: batchMessages.blockedHint(prdId),
    // A conflict names its files (as E_MERGE_CONFLICT always does); a check its output.
    details: {
      prdId,
      reason,
      output: lines,
      ...(known === 'E_MERGE_CONFLICT' ? { files: lines } : {}),
    },
  } as LanesErrorOptions);
}
