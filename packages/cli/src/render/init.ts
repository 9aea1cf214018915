import { STATE_BRANCH, MAIN_BRANCH } from '@lanes/core';
import { line, painter } from '@lanes/views';
import type { BranchReason, InitResult } from '../results.js';

// What `lanes init` did: the commit (or that there was nothing to commit), the
// checkout, the hooks, and what to do next.

export function renderInit(result: InitResult, options: { color: boolean }): string {
  const paint = painter(options.color);
  // Said once per repository and meant to be followed: no line is cut to a width.
  const say = (parts: Parameters<typeof line>[0]) => line(parts, paint, Infinity);
  const where = `${result.remote}/${result.branch}`;
  const config = `${result.configFile} on ${result.branch}`;
  const lines = [
    say([['heading', 'lanes is on'], `: coordinating through ${where}`]),
    say([`  on ${result.branch}: ${WHY[result.branchReason]}`]),
  ];
  if (result.commit === null) {
    lines.push(say([`  already initialized on ${where}: nothing to commit`]));
  } else {
    lines.push(
      say([`  committed ${result.commit.slice(0, 12)} to ${where}:`]),
      ...result.written.map((path) => `    ${path}`),
    );
  }
  if (result.setupProposed !== null) {
    const { setup, lockfile } = result.setupProposed;
    lines.push(say([`  mergeQueue.setup (from ${lockfile}): ${setup}`]));
  }
  if (result.checkProposed !== null) {
    const { qualityCheck, script } = result.checkProposed;
    lines.push(
      say([
        `  mergeQueue.qualityCheck (package.json's test script, ${script}): ${qualityCheck}; a release lands only when it passes`,
      ]),
    );
  }
  if (result.setupProposed !== null || result.checkProposed !== null) {
    lines.push(say([`  change them in ${config} if releases need others`]));
  }
  if (result.qualityCheck === null) {
    lines.push(
      say([
        ['warn', '  no mergeQueue.qualityCheck'],
        `: releases land without running tests; set one in ${config}`,
      ]),
    );
  }
  if (result.branchCreated) {
    lines.push(say([`  created the branch ${result.branch} from main`]));
  }
  if (result.checkoutUpdated) {
    lines.push(say([`  fast-forwarded your ${result.branch} to it`]));
  }
  if (result.hooks === null) {
    lines.push(say(['  hooks: not installed (--no-hooks)']));
  } else {
    const what = result.hooks.changed.length === 0 ? 'already installed' : 'installed';
    lines.push(`  hooks: ${what} (${result.hooks.mode}) in ${result.hooks.hooksDir}`);
  }
  if (result.committed !== null) {
    const on = result.committed.branch === null ? '' : ` on ${result.committed.branch}`;
    lines.push(
      say([`  committed ${result.committed.commit.slice(0, 12)}${on}:`]),
      ...result.committed.files.map((path) => `    ${path}`),
      say(['  push it when ready']),
    );
  }
  if (result.toCommit.length > 0) {
    lines.push(
      say(['  to commit, so that every clone runs the hooks:']),
      ...result.toCommit.map((path) => `    ${path}`),
      say(["  commit them yourself, or run 'lanes init --commit'"]),
    );
  }
  lines.push('', say(['next: ', ['strong', 'lanes prd add <file>'], ' registers a PRD;']));
  lines.push(say([`      ${otherClones(result)}`]));
  return lines.join('\n');
}

/** What a teammate or an agent does in a clone of their own. */
function otherClones(result: InitResult): string {
  if (result.hooks?.mode === 'husky') {
    return 'every other clone just installs its dependencies (npm install, pnpm install): the committed hooks find lanes in node_modules';
  }
  return `every other clone runs 'lanes init${branchFlag(result)}' once`;
}

/** Why the state lives on the branch it does, in the words of the text output. */
const WHY: Record<BranchReason, string> = {
  flag: '--branch says so',
  recorded: "this clone's git config names it (lanes.branch, from an earlier init)",
  'project.json': 'project.json names it (agents.coordination.branch)',
  'state-branch': 'the remote coordinates there already',
  'main-has-state':
    "main holds the lanes documents already: the state stays on main (the seed's layout)",
  default: `a branch of its own, so main's history gets no lanes commits ('--branch ${MAIN_BRANCH}' keeps the state on main)`,
};

/** A clone that runs init without flags finds lanes/state and a main holding the state by itself. */
function branchFlag(result: InitResult): string {
  const flags = [
    ...(result.branch === MAIN_BRANCH || result.branch === STATE_BRANCH
      ? []
      : [`--branch ${result.branch}`]),
    ...(result.remote === 'origin' ? [] : [`--remote ${result.remote}`]),
  ];
  return flags.length === 0 ? '' : ` ${flags.join(' ')}`;
}
