import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  addsLanes,
  DOCUMENT_PATHS,
  holdsLanesState,
  isLanesError,
  isValidBranchName,
  LanesError,
  lanesTarball,
  LOCK_FILES,
  projectConfig,
  STATE_BRANCH,
  MAIN_BRANCH,
} from '@lanes/core';
import {
  applyInitPlan,
  changedAmong,
  commitPaths,
  currentBranch,
  fastForwardTo,
  localBranchSha,
  readState,
  recordCoordinates,
  writeCachedConfig,
  type Coordinates,
  openWorkspace,
  type FoundWorkspace,
  type Workspace,
} from '@lanes/git';
import { HOOK_NAMES, installHooks, type InstallResult } from '@lanes/hooks';
import { readAgentGuide } from '../agent-guide.js';
import type { Command } from '../command.js';
import type { CliContext } from '../context.js';
import { lanesBinPath } from '../lanes-bin.js';
import { renderInit } from '../render/init.js';
import { projectRoot } from '../project-root.js';
import type { BranchReason, InitResult } from '../results.js';

/** The subject of `lanes init --commit`: conventional, so a commitlint hook accepts it. */
const SETUP_COMMIT_MESSAGE = 'chore: set up the lanes hooks';

export const initCommand: Command = {
  name: 'init',
  summary: 'turn coordination on',
  usage: 'init [--branch B] [--remote R] [--no-hooks] [--commit]',
  options: {
    branch: {
      type: 'string',
      valueName: 'B',
      description: `coordination branch (default ${STATE_BRANCH}, or main where the state is already; made from main if absent)`,
    },
    remote: {
      type: 'string',
      valueName: 'R',
      description: 'the remote that coordinates (default origin)',
    },
    'no-hooks': { type: 'boolean', description: 'do not install the git hooks' },
    commit: {
      type: 'boolean',
      description: 'commit the hook files (and package.json adding lanes) on this branch',
    },
  },
  maxPositionals: 0,
  movesBranches: true,
  async run(ctx, { values }) {
    const found = await openWorkspace(ctx);
    const remote = typeof values.remote === 'string' ? values.remote : found.coords.remote;
    const chosen =
      typeof values.branch === 'string'
        ? { branch: values.branch, reason: 'flag' as const }
        : await chooseBranch(ctx, { ...found, coords: { ...found.coords, remote } });
    const coords: Coordinates = { remote, branch: chosen.branch };
    if (!isValidBranchName(coords.branch)) {
      throw new LanesError('E_USAGE', `--branch: '${coords.branch}' is not a valid branch name`, {
        hint: 'a dedicated coordination branch is usually called lanes or lanes/state',
      });
    }
    if (coords.remote.trim() === '' || coords.remote.startsWith('-')) {
      throw new LanesError('E_USAGE', `--remote: '${coords.remote}' is not a remote name`);
    }
    if (values.commit === true && values['no-hooks'] === true) {
      throw new LanesError('E_USAGE', 'init: --commit and --no-hooks exclude each other', {
        hint: '--commit commits the hook files that --no-hooks would not write',
      });
    }
    const result = await init(
      ctx,
      { repo: found.repo, coords },
      { hooks: values['no-hooks'] !== true, commit: values.commit === true, reason: chosen.reason },
    );
    return { data: result, text: renderInit(result, { color: ctx.color }) };
  },
};

/**
 * The branch when `--branch` is not given: whatever this clone already knows (recorded,
 * project.json, the remote's lanes/state), else main when the remote's main holds lanes
 * documents (or its project.json names a branch), else lanes/state.
 */
async function chooseBranch(
  ctx: CliContext,
  found: FoundWorkspace,
): Promise<{ branch: string; reason: BranchReason }> {
  if (found.source !== 'default') return { branch: found.coords.branch, reason: found.source };
  const mainCoords = { remote: found.coords.remote, branch: MAIN_BRANCH };
  const main = await readState(found.repo, mainCoords, { offline: ctx.offline });
  const files = main.raw.files;
  if (holdsLanesState(Object.keys(files))) {
    return { branch: MAIN_BRANCH, reason: 'main-has-state' };
  }
  for (const file of [DOCUMENT_PATHS.projectJson, DOCUMENT_PATHS.docsProjectJson]) {
    const text = files[file];
    const named = text === undefined ? undefined : projectConfig(file, text).named.branch;
    if (named !== undefined) return { branch: named, reason: 'project.json' };
    if (text !== undefined) break;
  }
  return { branch: STATE_BRANCH, reason: 'default' };
}

async function init(
  ctx: CliContext,
  ws: Workspace,
  options: { hooks: boolean; commit: boolean; reason: BranchReason },
): Promise<InitResult> {
  const agentGuide = await readAgentGuide();
  const project = await projectRoot(ws.repo.root);
  // One transaction writes whatever is missing; a remote initialized already gets no
  // commit, and this clone only does its local part (coordinates, config, hooks).
  const outcome = await applyInitPlan(
    ws.repo,
    ws.coords,
    { agentGuide, project },
    { now: ctx.now, createFrom: MAIN_BRANCH },
  );
  const { plan, tip } = outcome;
  const notes: string[] = [];

  const checkoutUpdated = await bringCheckoutAlong(ws, outcome.commit ?? tip, notes);
  await recordCoordinates(ws.repo, ws.coords);
  await writeCachedConfig(ws.repo, plan.config);

  let hooks: InitResult['hooks'] = null;
  let toCommit: string[] = [];
  let committed: InitResult['committed'] = null;
  if (options.hooks) {
    const installed = await installOrExplain(ws, outcome.commit);
    hooks = {
      mode: installed.mode,
      hooksDir: installed.hooksDir,
      changed: installed.hooks.filter((h) => h.action !== 'updated').map((h) => h.path),
    };
    // init lists the files to commit itself (toCommit), so not the installer's note on it.
    notes.push(...installed.notes.filter((note) => !note.startsWith('commit ')));
    toCommit = await filesToCommit(ws, installed);
    if (options.commit && toCommit.length > 0) {
      committed = await commitFiles(ws, toCommit);
      toCommit = [];
    }
  }
  for (const note of notes) ctx.note(`note: ${note}`);

  return {
    remote: ws.coords.remote,
    branch: ws.coords.branch,
    branchReason: options.reason,
    commit: outcome.commit,
    branchCreated: outcome.commit !== null && tip === null,
    written: outcome.commit === null ? [] : plan.writes.map((write) => write.path),
    configFile: plan.configFile,
    setupProposed:
      outcome.commit === null || plan.setupProposed === null
        ? null
        : { setup: plan.setupProposed.setup, lockfile: plan.setupProposed.lockfile },
    checkProposed: outcome.commit === null ? null : plan.checkProposed,
    qualityCheck: plan.config.mergeQueue.qualityCheck ?? null,
    checkoutUpdated,
    hooks,
    toCommit,
    committed,
    notes,
  };
}

/**
 * What other clones need from this checkout that is not committed: with husky the hook
 * files (a clone that installs its dependencies then runs lanes' hooks too); package.json
 * and the lock files when they have changes and package.json names @lanes/cli, and the
 * tarball in the repository it installs lanes from.
 */
async function filesToCommit(ws: Workspace, installed: InstallResult): Promise<string[]> {
  const candidates = installed.mode === 'husky' ? HOOK_NAMES.map((hook) => `.husky/${hook}`) : [];
  const manifest = await readFile(join(ws.repo.root, 'package.json'), 'utf8').catch(() => '');
  if (addsLanes(manifest)) candidates.push('package.json', ...LOCK_FILES);
  const tarball = lanesTarball(manifest);
  if (tarball !== null) candidates.push(tarball);
  return changedAmong(ws.repo.git, candidates);
}

async function commitFiles(
  ws: Workspace,
  files: string[],
): Promise<NonNullable<InitResult['committed']>> {
  try {
    const commit = await commitPaths(ws.repo.git, files, SETUP_COMMIT_MESSAGE);
    return { commit, branch: await currentBranch(ws.repo.git), files };
  } catch (error) {
    throw explained(
      error,
      `coordination is on and the hooks are installed, but committing ${files.join(', ')} failed`,
      'a pre-commit or commit-msg hook may have refused it: fix that, then run lanes init --commit again, or commit the files yourself',
    );
  }
}

/**
 * A fast-forward of this checkout when it is on the coordination branch. Changes in
 * the worktree may stay (package.json after installing lanes): git refuses the
 * fast-forward when the commit would touch one of them.
 */
async function bringCheckoutAlong(
  ws: Workspace,
  target: string | null,
  notes: string[],
): Promise<boolean> {
  if (target === null) return false;
  if ((await currentBranch(ws.repo.git)) !== ws.coords.branch) return false;
  const before = await localBranchSha(ws.repo.git, ws.coords.branch);
  if (before === target) return false;
  if (await fastForwardTo(ws.repo.git, target)) return true;
  notes.push(
    `your ${ws.coords.branch} is not at ${ws.coords.remote}/${ws.coords.branch} (uncommitted changes or local commits): pull when ready`,
  );
  return false;
}

async function installOrExplain(ws: Workspace, commit: string | null): Promise<InstallResult> {
  try {
    return await installHooks(ws.repo, { lanesBin: lanesBinPath() });
  } catch (error) {
    const done = commit === null ? 'coordination was on already' : 'coordination is now on';
    const fix = isLanesError(error) ? (error.hint ?? 'fix the problem') : '';
    throw explained(
      error,
      `${done}, but the hooks were not installed`,
      `${fix}; then run 'lanes init' again (it is idempotent) or 'lanes hooks install'`,
    );
  }
}

/** A lanes error said with what init had done already; any other error as it is. */
function explained(error: unknown, done: string, hint: string): unknown {
  if (!isLanesError(error)) return error;
  return new LanesError(error.code, `${done}: ${error.message}`, { hint, cause: error });
}
