import { createHash } from 'node:crypto';
import type { WriteStream } from 'node:fs';
import { readdir, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import {
  isoSeconds,
  LanesError,
  planLanding,
  type BatchBlocked,
  type LanesConfig,
  type MergeStrategy,
  type ReleaseStage,
  MAIN_BRANCH,
} from '@lanes/core';
import {
  commitAllChanges,
  commitSubjects,
  commitTree,
  discardWorktree,
  discardWorktreesIn,
  treeOf,
  type Git,
  type Repository,
  type Workspace,
} from '@lanes/git';
import type { CommandContext } from '@lanes/git';
import { releaseMessages } from './messages.js';
import { onlyDocumentsMoved, type BuiltLanding } from './newer-main.js';
import type { QualityRunner } from './quality-gate.js';
import { runShellCommand, type ShellResult } from './shell-command.js';

// What a landing (batch-landing.ts, one PRD or several) is made of: its run, where it
// works and logs, its stages, the quality runner, the landing commit of one PRD, and
// the refusals that take a PRD out of it.

export interface ReleaseRun {
  ctx: CommandContext;
  ws: Workspace;
  sessionId: string;
  prdId: string;
  branch: string;
  title: string;
  config: LanesConfig;
  /** The file on the coordination branch that holds `config` (project.json or docs/project.json). */
  configFile: string;
  strategy: MergeStrategy;
  /** The branch commit that is being released (what the session pushed). */
  sourceSha: string;
  /** Runs the landing's push with the session's own pings held back. */
  quietPings: <T>(work: () => Promise<T>) => Promise<T>;
  /** Told each stage as it begins (the pinger carries it to other clones' `status`). */
  onStage?: (stage: ReleaseStage) => void;
}

/**
 * Where this repository's releases rebase and test: outside the git directory (tools
 * such as jest ignore every path under `.git/`), in the OS temp dir, one directory per
 * repository (its name and a hash of its git directory), so a killed release's leftover
 * is found and removed by the next one.
 */
export function releaseWorktreesDir(repo: Pick<Repository, 'commonDir'>): string {
  const common = repo.commonDir;
  const name = basename(common) === '.git' ? basename(dirname(common)) : basename(common, '.git');
  const hash = createHash('sha256').update(common).digest('hex').slice(0, 8);
  return join(tmpdir(), `lanes-${name.replace(/[^\w.-]/g, '_')}-${hash}`);
}

export function releaseWorktreePath(repo: Pick<Repository, 'commonDir'>, prdId: string): string {
  return join(releaseWorktreesDir(repo), `release-${prdId}`);
}

/**
 * Removes the temporary worktrees a killed release left (its files and git's record of
 * them), saying so; nothing left, nothing said. All of them while holding the merge
 * slot (no other landing runs); only `prdId`'s otherwise (another session of this
 * repository may be landing in its own right now).
 */
export async function discardLeftoverWorktrees(
  ctx: CommandContext,
  repo: Repository,
  prdId?: string,
): Promise<void> {
  const dir = releaseWorktreesDir(repo);
  const names = await readdir(dir).catch(() => [] as string[]);
  const left = names
    .map((name) => join(dir, name))
    .filter((path) => prdId === undefined || path === releaseWorktreePath(repo, prdId));
  if (prdId === undefined) await discardWorktreesIn(repo, dir);
  else await discardWorktree(repo, releaseWorktreePath(repo, prdId));
  await rmdir(dir).catch(() => undefined);
  if (left.length > 0) ctx.note(releaseMessages.leftoverRemoved(left));
}

/** The full output of the release's setup and checks; it outlives the worktree. */
export function releaseLogPath(repo: Pick<Repository, 'commonDir'>, prdId: string): string {
  return join(repo.commonDir, 'lanes', 'logs', `release-${prdId}.log`);
}

export interface RunLog {
  log: WriteStream;
  logPath: string;
  startedAt: number;
}

/** `[12.3s] setup: pnpm install …` on stderr: the stage and the time since the landing began. */
export function stage(
  run: Pick<ReleaseRun, 'ctx' | 'onStage'>,
  out: RunLog,
  name: string,
  detail: string,
): void {
  const elapsed = ((Date.now() - out.startedAt) / 1000).toFixed(1);
  run.ctx.note(`[${elapsed}s] ${name}: ${detail}`);
  out.log.write(`\n### ${name}: ${detail}\n`);
  run.onStage?.({ name, startedAt: isoSeconds(run.ctx.now()) });
}

/**
 * With main as the coordination branch, every state transaction moves main. When the
 * rebased tree differs from the tested one only in the lanes documents, the code under
 * test is the same: no need to run the check again.
 */
export async function onlyCoordinationChanges(
  run: Pick<ReleaseRun, 'ws'>,
  tested: string,
  tip: string,
) {
  if (run.ws.coords.branch !== MAIN_BRANCH) return false;
  return onlyDocumentsMoved(run.ws.repo.git, tested, tip);
}

export function qualityRunner(
  run: ReleaseRun,
  worktree: Git,
  path: string,
  out: RunLog,
  on: { onFixed: (sha: string) => void; onCheck: (result: ShellResult) => void },
): QualityRunner {
  const { ctx, config } = run;
  const onFixed = on.onFixed;
  return {
    async run(command, role, attempt, limit) {
      stage(run, out, role === 'check' ? `check ${attempt}/${limit}` : `fix ${attempt}`, command);
      const result = await runShellCommand(command, path, ctx.env, out.log);
      if (role === 'check') on.onCheck(result);
      return result.code === 0;
    },
    async commitFix(attempt) {
      const message = releaseMessages.fixMessage(
        run.prdId,
        config.mergeQueue.qualityFix ?? '',
        attempt,
      );
      const sha = await commitAllChanges(worktree, message);
      if (sha === null) return;
      onFixed(sha);
      ctx.note(releaseMessages.fixCommitted(sha));
    },
  };
}

/** The commit that lands `tip` (rebased onto `mainTip`: main's tip or the previous landing). */
export async function buildLanding(
  run: Pick<ReleaseRun, 'ws' | 'strategy' | 'branch' | 'prdId' | 'title'>,
  mainTip: string,
  tip: string,
): Promise<BuiltLanding> {
  const git = run.ws.repo.git;
  const subjects = run.strategy === 'squash' ? await commitSubjects(git, mainTip, tip) : [];
  const plan = planLanding({
    strategy: run.strategy,
    mainTip,
    testedTip: tip,
    branch: run.branch,
    prdId: run.prdId,
    title: run.title,
    subjects,
  });
  const sha =
    plan.kind === 'main'
      ? mainTip
      : plan.kind === 'tip'
        ? tip
        : await commitTree(git, {
            tree: await treeOf(git, tip),
            parents: plan.parents,
            message: plan.message,
          });
  return { sha, base: mainTip, plan };
}

/**
 * A PRD taken out of the landing: the block its lock gets and the refusal its own
 * release ends with (the slot holder's; a member's is read back from its lock).
 */
export interface Refused extends BatchBlocked {
  error: LanesError;
}

type Refusing = Pick<ReleaseRun, 'prdId' | 'branch'>;

export function conflictRefusal(member: Refusing, files: string[]): Refused {
  const { prdId, branch } = member;
  const error = new LanesError(
    'E_MERGE_CONFLICT',
    releaseMessages.conflict(prdId, MAIN_BRANCH, files),
    {
      hint: releaseMessages.conflictHint(MAIN_BRANCH),
      details: { prdId, branch, files, next: releaseMessages.conflictSteps },
    },
  );
  const reason = releaseMessages.conflictReason(MAIN_BRANCH, files);
  return { prdId, reason, code: error.code, output: files, error };
}

export interface FailedRun {
  command: string;
  result: ShellResult;
  log: string;
  /** The lock's reason: what failed, and (in a batch) that it failed alone. */
  reason: string;
}

export function checkRefusal(
  member: Refusing,
  runs: { checks: number; fixRuns: number },
  failed: FailedRun,
): Refused {
  const { command, result, log, reason } = failed;
  const { prdId } = member;
  const { checks, fixRuns } = runs;
  const error = new LanesError(
    'E_QUALITY_CHECK',
    releaseMessages.checkFailed(prdId, checks, command),
    {
      hint: releaseMessages.checkFailedHint(log),
      details: {
        prdId,
        command,
        checks,
        attempts: checks,
        fixRuns,
        exitCode: result.code,
        output: result.tail,
        log,
      },
    },
  );
  return { prdId, reason, code: error.code, output: result.tail, error };
}

/** The setup failed: the configuration (or the machine) is at fault, not the branch's code. */
export function setupRefusal(
  run: Pick<ReleaseRun, 'ws' | 'configFile'>,
  member: Refusing,
  failed: FailedRun,
): Refused {
  const { command, result, log, reason } = failed;
  const { prdId } = member;
  const error = new LanesError(
    'E_QUALITY_SETUP',
    releaseMessages.setupFailed(prdId, command, result.code),
    {
      hint: releaseMessages.setupFailedHint(run.configFile, run.ws.coords.branch, log),
      details: { prdId, command, exitCode: result.code, output: result.tail, log },
    },
  );
  return { prdId, reason, code: error.code, output: result.tail, error };
}
