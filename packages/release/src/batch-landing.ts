import { createWriteStream, mkdirSync } from 'node:fs';
import { rmdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  EXIT_CODES,
  isLanesError,
  LanesError,
  type BatchBlocked,
  type CompletedEntry,
  type ErrorCode,
  type LanesErrorOptions,
  type SessionLock,
  MAIN_BRANCH,
} from '@lanes/core';
import {
  addDetachedWorktree,
  detachWorktreeAt,
  discardWorktree,
  fetchBranchTip,
  rebaseOnto,
  type Git,
} from '@lanes/git';
import { batchMessages } from './batch-messages.js';
import {
  finishBatch,
  giveSlotBack,
  landBatchInOnePush,
  landBatchInTwoPushes,
  type BatchLink,
  type PushedBatch,
} from './batch-push.js';
import {
  buildLanding,
  checkRefusal,
  conflictRefusal,
  discardLeftoverWorktrees,
  onlyCoordinationChanges,
  qualityRunner,
  releaseLogPath,
  releaseWorktreePath,
  releaseWorktreesDir,
  setupRefusal,
  stage,
  type FailedRun,
  type Refused,
  type ReleaseRun,
  type RunLog,
} from './landing.js';
import { releaseMessages } from './messages.js';
import { runQualityGate } from './quality-gate.js';
import { runShellCommand, type ShellResult } from './shell-command.js';

// The slot holder's landing, the only one: a single release is a batch of one. Core's
// `batchFor` chose the members; each is rebased onto the previous one's landing commit,
// starting from the latest main; setup and check run once on the combined tree. A
// failing batch is split and the halves tested, the first half first, until each
// failing PRD is isolated. What lands — in one push, each PRD with its own merge (or
// squash) commit — is exactly the chain the last passing check tested. When main's
// code moves before the push, the round starts again on the newer main.

/** What a batch member lands: its branch commit as pushed, and its registry title. */
export interface BatchMember {
  sessionId: string;
  prdId: string;
  branch: string;
  title: string;
  head: string;
}

export interface BatchLanded {
  /** The commit that brought the work to main (merge, squash or rebased tip). */
  mergeCommit: string;
  /** main's tip after the landing. */
  mainTip: string;
  entry: CompletedEntry;
  checks: number;
  /** How often `qualityFix` ran. */
  fixRuns: number;
  /** The check failed once and passed on the same tree (retryFlaky). */
  flaky: boolean;
  /** The session that ran the check and landed it. */
  landedBy: string;
  /** The PRDs that landed in the same push, in order. */
  batch: string[];
}

/** Landings overtaken by pushes to main's code before giving up. */
const MAX_ROUNDS = 8;

interface Totals {
  checks: number;
  fixRuns: number;
  flaky: boolean;
}

/**
 * Lands the batch; the holder's own PRD landed, or its refusal (the others are dealt
 * with either way). On any failure the holder's lock ends `blocked` with the reason
 * (so the queue moves on), except a landing starved by pushes to main: queued again.
 */
export async function landBatch(
  run: ReleaseRun,
  batch: readonly SessionLock[],
  titleOf: (prdId: string) => string,
): Promise<BatchLanded> {
  const { ws } = run;
  const dir = releaseWorktreesDir(ws.repo);
  const path = releaseWorktreePath(ws.repo, run.prdId);
  // This release holds the merge slot: any release worktree left here is a killed one's.
  await discardLeftoverWorktrees(run.ctx, ws.repo);
  const logPath = releaseLogPath(ws.repo, run.prdId);
  mkdirSync(dirname(logPath), { recursive: true });
  const log = createWriteStream(logPath, { flags: 'w' });
  const blocked: BatchBlocked[] = [];
  try {
    if (batch.length > 1) run.ctx.note(batchMessages.batch(batch.map((lock) => lock.prdId)));
    const members = await resolveMembers(run, batch, titleOf, blocked);
    const out: RunLog = { log, logPath, startedAt: Date.now() };
    const landed = await landInRounds(run, path, out, members, blocked);
    const own = landed?.links.find((link) => link.member.prdId === run.prdId);
    if (landed === null || own === undefined) throw ownRefusal(run, blocked);
    return {
      mergeCommit: own.sha,
      mainTip: landed.mainTip,
      entry: landed.entries.find((entry) => entry.id === run.prdId)!,
      ...landed.totals,
      landedBy: run.sessionId,
      batch: landed.links.map((link) => link.member.prdId),
    };
  } catch (error) {
    if (error instanceof OwnRefusal) throw error.error;
    const holderFailed = blocked.some((entry) => entry.prdId === run.prdId);
    if (isLanesError(error) && error.code === 'E_PUSH_REJECTED' && !holderFailed) {
      // Starved by pushes to main: nothing is wrong with the code.
      await giveSlotBack(run, blocked).catch(cleanupFailed(run, 'give the merge slot back'));
      throw error;
    }
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
    const failed = holderFailed ? blocked : [...blocked, own];
    await finishBatch(run, [], failed).catch(cleanupFailed(run, 'set the lock to blocked'));
    if (holderFailed) throw ownRefusal(run, blocked).error;
    throw error;
  } finally {
    await new Promise((resolve) => log.end(resolve));
    await discardWorktree(ws.repo, path).catch(() => undefined);
    await rmdir(dir).catch(() => undefined);
  }
}

/**
 * After a failure: a lock that is no longer the holder's (taken over meanwhile) is not
 * its to change; any other failure is only noted, the original error is what matters.
 */
const cleanupFailed =
  (run: ReleaseRun, what: string) =>
  (failure: unknown): void => {
    if (isLanesError(failure) && failure.code === 'E_NO_SESSION') return;
    const reason = failure instanceof Error ? failure.message : String(failure);
    run.ctx.note(releaseMessages.cleanupFailed(what, reason));
  };

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

type LandedBatch = PushedBatch & { totals: Totals };

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
  const solo = candidates.length === 1;
  let members = candidates;
  let tested: string | null = null;
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const mainTip = await fetchBranchTip(ws.repo, ws.coords.remote, MAIN_BRANCH, { track: true });
    if (mainTip === null) {
      throw new LanesError('E_GIT', releaseMessages.mainMissing(ws.coords.remote, MAIN_BRANCH));
    }
    const branches = members.map((member) => member.branch).join(', ');
    stage(run, out, 'rebasing', releaseMessages.rebasing(branches, MAIN_BRANCH, mainTip));
    const worktree = await addDetachedWorktree(ws.repo, path, mainTip);
    const bench = { run, worktree, path, out, totals, blocked, solo };
    const settled = await settle(bench, mainTip, members, tested);
    tested = settled.tested;
    const { links } = settled;
    if (links.length === 0) {
      await finishBatch(run, [], blocked);
      return null;
    }
    // The first member sits on this main, which the next one contains: its rebased tip
    // (with a quality fix) is what it brings to the next round.
    members = links.map((link, i) => (i === 0 ? { ...link.member, head: link.tip } : link.member));
    const what = solo ? '' : `${links.length} PRDs, `;
    stage(run, out, 'landing', `${what}${run.strategy} onto ${MAIN_BRANCH}`);
    // The holder's own pings hold back while it pushes: on main they would move the tip.
    const landed = await run.quietPings(() =>
      ws.coords.branch === MAIN_BRANCH
        ? landBatchInOnePush(run, mainTip, links, blocked)
        : landBatchInTwoPushes(run, mainTip, links, blocked),
    );
    if (landed !== null) return { ...landed, totals };
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
  /** The holder's PRD alone: its failures read as a single release's. */
  solo: boolean;
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
      head = chain.at(-1)!.sha;
      continue;
    }
    const result = await testChain(bench, head, chain);
    if (result.passed) {
      links.push(...result.chain);
      head = result.chain.at(-1)!.sha;
      lastTested = result.chain.at(-1)!.tip;
    } else if (chain.length === 1) {
      bench.blocked.push(result.refusal(chain[0]!.member));
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
      bench.blocked.push(conflictRefusal(member, rebased.files));
      continue;
    }
    const built = await buildLanding(memberRun(run, member), previous, rebased.tip);
    chain.push({ ...built, member, tip: rebased.tip });
    previous = built.sha;
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
  | { passed: false; refusal: (member: BatchMember) => Refused };

/**
 * Setup and check once on the chain's last tip (its tree is the last landing commit's).
 * `qualityFix` runs only for a chain of one: its commits become part of that PRD.
 */
async function testChain(bench: Bench, base: string, chain: BatchLink[]): Promise<ChainTest> {
  const { run, worktree, path, out, totals, solo } = bench;
  const last = chain.at(-1)!;
  const ids = chain.map((link) => link.member.prdId);
  await detachWorktreeAt(worktree, last.tip);
  if (!solo) stage(run, out, 'testing', batchMessages.testing(ids, base));
  const { setup, qualityCheck, qualityFix, attempts, retryFlaky } = run.config.mergeQueue;
  const failure = (command: string, result: ShellResult, reason: string): FailedRun => ({
    command,
    result,
    log: out.logPath,
    reason,
  });
  if (setup?.trim()) {
    stage(run, out, 'setup', setup);
    const result = await runShellCommand(setup, path, run.ctx.env, out.log);
    if (result.code !== 0) {
      const reason = solo
        ? releaseMessages.setupFailedReason(setup, result.code)
        : batchMessages.setupFailedReason(setup, run.sessionId);
      const failed = failure(setup, result, reason);
      return { passed: false, refusal: (member) => setupRefusal(run, member, failed) };
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
    const command = qualityCheck ?? '';
    const reason = solo
      ? releaseMessages.checkFailedReason(totals.checks, command)
      : batchMessages.checkFailedReason(command, run.sessionId);
    const failed = failure(command, lastCheck, reason);
    return { passed: false, refusal: (member) => checkRefusal(member, totals, failed) };
  }
  if (tip === last.tip) return { passed: true, chain };
  // The fix was committed on top of the PRD's tip: its landing commit is made again.
  const previous = chain.length > 1 ? chain.at(-2)!.sha : base;
  const built = await buildLanding(memberRun(run, last.member), previous, tip);
  return { passed: true, chain: [...chain.slice(0, -1), { ...last, ...built, tip }] };
}

/** The holder's own PRD did not land: its refusal, as its lock now says. */
class OwnRefusal extends Error {
  constructor(readonly error: LanesError) {
    super(error.message);
  }
}

function ownRefusal(run: ReleaseRun, blocked: readonly BatchBlocked[]): OwnRefusal {
  const own: (BatchBlocked & Partial<Refused>) | undefined = blocked.find(
    (entry) => entry.prdId === run.prdId,
  );
  return new OwnRefusal(
    own?.error ?? blockedError(run.prdId, own?.reason ?? 'not landed', own?.code, own?.output),
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
    hint: batchMessages.blockedHint(known === 'E_MERGE_CONFLICT'),
    // A conflict names its files (as E_MERGE_CONFLICT always does); a check its output.
    details: {
      prdId,
      reason,
      output: lines,
      ...(known === 'E_MERGE_CONFLICT' ? { files: lines } : {}),
    },
  } as LanesErrorOptions);
}
