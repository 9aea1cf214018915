import { STATE_BRANCH } from '@lanes/core';
import { BLOCKED_EXIT_CODE } from '../context.js';
import { STAMP_FILE } from '../git-dir-files.js';
import type { HookName } from './hook-scripts.js';

// The decisions the hook scripts make in sh before node starts, shared by the
// hooks-directory scripts and the husky blocks. Every snippet sets variables and never
// exits: husky runs its files with `sh -e`, and the lines after lanes' must still run.

type CommitHook = Exclude<HookName, 'pre-push'>;

/**
 * Where the hooks find this worktree's git dir without starting git: GIT_DIR (linked
 * worktrees), `.git` (a directory, or a file naming it), else git itself. Never fails,
 * also under husky's `sh -e`; `lanes_gd` stays empty when there is no git dir.
 */
const FIND_GIT_DIR = [
  'lanes_gd=${GIT_DIR:-.git}',
  'if [ -f "$lanes_gd" ]; then',
  '  read -r lanes_key lanes_gd <"$lanes_gd" || :',
  'fi',
  'if [ ! -d "$lanes_gd" ]; then',
  '  lanes_gd=$(git rev-parse --git-dir 2>/dev/null) || lanes_gd=',
  'fi',
];

/**
 * The cheap part of post-commit and post-rewrite in sh, so that the common commit
 * starts no node: it sets `lanes_run=1` only when the worktree holds a claim, no rebase
 * or cherry-pick is replaying commits, and the last ping (the stamp line node writes:
 * `<epoch> <interval> <story>`) is older than the interval or the subject names a story
 * the stamp does not. Node decides again, exactly; this only has to never say no
 * where node would say yes. After a rebase (post-rewrite `rebase`) the ping is due.
 */
export function commitDecision(hook: CommitHook): string[] {
  const replaying =
    '[ -e "$lanes_gd/rebase-merge" ] || [ -e "$lanes_gd/rebase-apply" ] || [ -e "$lanes_gd/sequencer" ] || [ -e "$lanes_gd/CHERRY_PICK_HEAD" ]';
  const throttled = [
    `  elif [ -f "$lanes_gd/lanes/${STAMP_FILE}" ]; then`,
    '    lanes_at= lanes_every= lanes_story=',
    `    read -r lanes_at lanes_every lanes_story <"$lanes_gd/lanes/${STAMP_FILE}" || :`,
    '    lanes_now=$(date +%s 2>/dev/null) || lanes_now=',
    '    case "$lanes_at:$lanes_every:$lanes_now" in',
    '      *[!0-9:]* | :* | *: | *::*) ;;',
    '      *)',
    '        if [ "$lanes_now" -ge "$lanes_at" ] && [ "$lanes_now" -lt $((lanes_at + lanes_every)) ]; then',
    '          lanes_run=',
    '          lanes_subject=$(git log -1 --format=%s 2>/dev/null) || lanes_subject=',
    '          case "$lanes_subject" in',
    '            *US-[0-9][0-9][0-9]*)',
    '              lanes_run=1',
    '              case "$lanes_story" in',
    '                US-[0-9][0-9][0-9]*) case "$lanes_subject" in *"$lanes_story"*) lanes_run= ;; esac ;;',
    '              esac',
    '              ;;',
    '          esac',
    '        fi',
    '        ;;',
    '    esac',
  ];
  const check =
    hook === 'post-rewrite'
      ? ['  if [ "$1" = "rebase" ]; then', '    :', `  elif ${replaying}; then`]
      : [`  if ${replaying}; then`];
  return [
    'lanes_run=',
    'if [ "$LANES_SKIP_HOOKS" != "1" ]; then',
    ...FIND_GIT_DIR.map((line) => `  ${line}`),
    '  if [ -n "$lanes_gd" ] && [ -f "$lanes_gd/lanes/claim.json" ]; then',
    '    lanes_run=1',
    ...check.map((line) => `  ${line}`),
    '      lanes_run=',
    ...throttled.map((line) => `  ${line}`),
    '    fi',
    '  fi',
    'fi',
  ];
}

/**
 * Whether pre-push has anything to check, in sh: coordination may be on when a lanes
 * command cached the coordination branch's config in this clone, project.json
 * mentions multiSession, or the clone has a remote's lanes/state (a fresh clone of a
 * repository coordinated there, where no lanes command ran yet). A solo repository
 * pushes without starting node.
 */
export const PUSH_DECISION = [
  'lanes_run=',
  'if [ "$LANES_SKIP_HOOKS" != "1" ]; then',
  '  lanes_common=$(git rev-parse --git-common-dir 2>/dev/null) || lanes_common=',
  '  if { [ -n "$lanes_common" ] && [ -f "$lanes_common/lanes/config.json" ]; } || grep -qs \'"multiSession"\' project.json docs/project.json; then',
  '    lanes_run=1',
  `  elif [ -n "$(git for-each-ref --count=1 --format=x 'refs/remotes/*/${STATE_BRANCH}' 2>/dev/null)" ]; then`,
  '    lanes_run=1',
  '  fi',
  'fi',
];

/** Where an installed lanes package keeps its bin, relative to a worktree's top. */
export const PACKAGE_BIN = 'node_modules/@lanes/cli/bin/lanes.js';

/**
 * Finds lanes, first found wins, and sets `lanes_bin` (empty when none is found) and
 * `lanes_node` (`node` for a script to start with node, empty for an executable):
 * this worktree's node_modules, the main worktree's (a linked worktree has none of its
 * own), the path recorded by `lanes hooks install` (git config `lanes.bin`), `lanes` on
 * the PATH. The package in node_modules comes first so that a reinstall or an upgrade,
 * which moves the recorded path (pnpm's store), or a fresh clone that only ran its
 * package manager's install, still finds it. Hooks run at the worktree's top.
 */
export const FIND_LANES = [
  'lanes_bin=',
  `if [ -f ${PACKAGE_BIN} ]; then`,
  `  lanes_bin=$PWD/${PACKAGE_BIN}`,
  'else',
  '  lanes_main=$(git rev-parse --path-format=absolute --git-common-dir 2>/dev/null) || lanes_main=',
  '  lanes_main=${lanes_main%/.git}',
  `  if [ -n "$lanes_main" ] && [ -f "$lanes_main/${PACKAGE_BIN}" ]; then`,
  `    lanes_bin=$lanes_main/${PACKAGE_BIN}`,
  '  else',
  '    lanes_bin=$(git config --get lanes.bin 2>/dev/null) || lanes_bin=',
  '    if [ -z "$lanes_bin" ] || [ ! -f "$lanes_bin" ]; then',
  '      lanes_bin=$(command -v lanes 2>/dev/null) || lanes_bin=',
  '    fi',
  '  fi',
  'fi',
  'case "$lanes_bin" in',
  '  *.js | *.mjs) lanes_node=node ;;',
  '  *) lanes_node= ;;',
  'esac',
];

/**
 * For pre-push, after FIND_LANES: when lanes cannot run, one line says so and how to
 * fix it, and `lanes_run` is cleared (the push goes on unchecked).
 */
export const CHECK_RUNNABLE = [
  'if [ -z "$lanes_bin" ]; then',
  '  echo "lanes: pre-push checks skipped: lanes is not installed in this clone (run npm install or pnpm install; without a package.json, npx lanes init)" >&2',
  '  lanes_run=',
  'elif [ -n "$lanes_node" ] && ! command -v node >/dev/null 2>&1; then',
  '  echo "lanes: pre-push checks skipped: node is not on the PATH to run $lanes_bin" >&2',
  '  lanes_run=',
  'fi',
];

/**
 * Runs `lanes hook pre-push` on the ref lines in `$lanes_input` and keeps its verdict in
 * `lanes_rc`: only lanes' own "blocked" exit stops the push; any other failure of lanes
 * (not built, crashed) is reported and lets the push go.
 */
export function pushRun(input?: string): string[] {
  const redirect = input === undefined ? '' : ` <${input}`;
  return [
    'lanes_rc=0',
    `$lanes_node "$lanes_bin" hook pre-push "$@"${redirect} || lanes_rc=$?`,
    `if [ "$lanes_rc" -ne 0 ] && [ "$lanes_rc" -ne ${BLOCKED_EXIT_CODE} ]; then`,
    '  echo "lanes: the pre-push check failed (exit $lanes_rc); push not checked" >&2',
    '  lanes_rc=0',
    'fi',
  ];
}
