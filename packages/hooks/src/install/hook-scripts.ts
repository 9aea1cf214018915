import { BLOCKED_EXIT_CODE } from '../context.js';
import {
  CHECK_RUNNABLE,
  commitDecision,
  FIND_LANES,
  PUSH_DECISION,
  pushRun,
} from './shell-decisions.js';

// The shell that git (or husky) runs. Everything here is text, so it is tested as text
// and by running it. POSIX sh only: hooks run under dash, busybox and macOS sh alike.

export const HOOK_NAMES = ['post-commit', 'post-rewrite', 'pre-push'] as const;
export type HookName = (typeof HOOK_NAMES)[number];

/** Marks a whole hook file as lanes' own (hooks-directory mode). */
export const SCRIPT_MARKER =
  '# lanes hook: written by `lanes hooks install`; `lanes hooks uninstall` restores what was here';
/** Where an existing hook goes while lanes' script stands in front of it. */
export const CHAINED_SUFFIX = '.lanes-chained';

export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * A complete hook file for the hooks directory. It runs the hook it replaced first
 * (`<hook>.lanes-chained`, with the same arguments and stdin), then lanes, found where
 * FIND_LANES looks.
 */
export function hookScript(hook: HookName): string {
  const head = ['#!/bin/sh', SCRIPT_MARKER, `lanes_chained="\${0%/*}/${hook}${CHAINED_SUFFIX}"`];
  if (hook !== 'pre-push') {
    return [
      ...head,
      'lanes_rc=0',
      'if [ -x "$lanes_chained" ]; then',
      '  "$lanes_chained" "$@"',
      '  lanes_rc=$?',
      'fi',
      ...commitDecision(hook),
      'if [ -n "$lanes_run" ]; then',
      ...indent(FIND_LANES, 1),
      ...indent(commitRun(hook), 1),
      'fi',
      'exit $lanes_rc',
      '',
    ].join('\n');
  }
  return [
    ...head,
    ...PUSH_DECISION,
    'if [ -n "$lanes_run" ]; then',
    ...indent([...FIND_LANES, ...CHECK_RUNNABLE], 1),
    'fi',
    'if [ -z "$lanes_run" ]; then',
    '  [ -x "$lanes_chained" ] && exec "$lanes_chained" "$@"',
    '  exit 0',
    'fi',
    'if [ -x "$lanes_chained" ]; then',
    '  # Both hooks read the ref lines git writes to stdin: keep a copy for the second.',
    '  lanes_input=$(mktemp "${TMPDIR:-/tmp}/lanes-pre-push.XXXXXX") || exit 1',
    `  trap 'rm -f "$lanes_input"' EXIT`,
    '  cat >"$lanes_input"',
    '  "$lanes_chained" "$@" <"$lanes_input" || exit $?',
    ...indent(pushRun('"$lanes_input"'), 1),
    'else',
    ...indent(pushRun(), 1),
    'fi',
    'exit $lanes_rc',
    '',
  ].join('\n');
}

/** A commit hook's call of lanes: quiet, never failing, its errors in the hooks log. */
function commitRun(hook: Exclude<HookName, 'pre-push'>): string[] {
  return [
    'if [ -n "$lanes_bin" ]; then',
    `  $lanes_node "$lanes_bin" hook ${hook} "$@" </dev/null >/dev/null 2>>"$lanes_gd/lanes/hooks.log" || :`,
    'fi',
  ];
}

function indent(lines: readonly string[], depth: number): string[] {
  const pad = '  '.repeat(depth);
  return lines.map((line) => `${pad}${line}`);
}

export function isLanesScript(content: string): boolean {
  return content.split('\n', 3).includes(SCRIPT_MARKER);
}

// ---- husky: a marked block inside the project's own `.husky/<hook>` ----

export const BLOCK_START =
  '# >>> lanes >>> managed by `lanes hooks install`; `lanes hooks uninstall` removes this block';
export const BLOCK_END = '# <<< lanes <<<';
/** Flags on the start line, so removal undoes exactly what insertion did. */
const CREATED_FLAG = ' [file created by lanes]';
const NEWLINE_FLAG = ' [newline added by lanes]';
export const HUSKY_SHEBANG = '#!/usr/bin/env sh\n';

/**
 * The block for a husky hook file. It is the same on every machine (the files are
 * committed) and finds lanes where FIND_LANES looks, so a clone that only ran its
 * package manager's install (husky's `prepare`) runs it too. It sits at the top so
 * that a user line ending in `exit`, or husky 8's sourcing of a missing `_/husky.sh` in
 * a new worktree, cannot skip it, and never exits (husky runs the file with `sh -e`)
 * except to block a push; pre-push hands its stdin on to the lines below.
 */
export function huskyBlockBody(hook: HookName): string[] {
  if (hook !== 'pre-push') {
    return [
      ...commitDecision(hook),
      'if [ -n "$lanes_run" ]; then',
      ...indent(FIND_LANES, 1),
      ...indent(commitRun(hook), 1),
      'fi',
    ];
  }
  return [
    ...PUSH_DECISION,
    'if [ -n "$lanes_run" ]; then',
    ...indent([...FIND_LANES, ...CHECK_RUNNABLE], 1),
    'fi',
    'if [ -n "$lanes_run" ]; then',
    '  lanes_input=$(mktemp "${TMPDIR:-/tmp}/lanes-pre-push.XXXXXX") || exit 1',
    '  cat >"$lanes_input"',
    ...indent(pushRun('"$lanes_input"'), 1),
    `  if [ "$lanes_rc" -eq ${BLOCKED_EXIT_CODE} ]; then`,
    '    rm -f "$lanes_input"',
    `    exit ${BLOCKED_EXIT_CODE}`,
    '  fi',
    '  exec <"$lanes_input"',
    '  rm -f "$lanes_input"',
    'fi',
  ];
}

interface BlockLocation {
  /** Offset of the start line. */
  start: number;
  /** Offset just after the end line's newline. */
  end: number;
  flags: string;
}

function findBlock(content: string): BlockLocation | undefined {
  let startAt = 0;
  if (!content.startsWith(BLOCK_START)) {
    const at = content.indexOf(`\n${BLOCK_START}`);
    if (at < 0) return undefined;
    startAt = at + 1;
  }
  const lineEnd = content.indexOf('\n', startAt);
  const endMarker = content.indexOf(`\n${BLOCK_END}`, startAt);
  if (lineEnd < 0 || endMarker < 0) return undefined;
  const afterEnd = content.indexOf('\n', endMarker + 1);
  return {
    start: startAt,
    end: afterEnd < 0 ? content.length : afterEnd + 1,
    flags: content.slice(startAt + BLOCK_START.length, lineEnd),
  };
}

export function hasHuskyBlock(content: string): boolean {
  return findBlock(content) !== undefined;
}

function block(hook: HookName, flags: string): string {
  return [`${BLOCK_START}${flags}`, ...huskyBlockBody(hook), BLOCK_END, ''].join('\n');
}

/**
 * The file with lanes' block in it: replaced in place when already there, else after
 * the shebang line (or first). `undefined` content means the file does not exist yet.
 */
export function withHuskyBlock(content: string | undefined, hook: HookName): string {
  const make = (flags: string) => block(hook, flags);
  if (content === undefined) return `${HUSKY_SHEBANG}${make(CREATED_FLAG)}`;
  const existing = findBlock(content);
  if (existing !== undefined) {
    return content.slice(0, existing.start) + make(existing.flags) + content.slice(existing.end);
  }
  if (!content.startsWith('#!')) return make('') + content;
  const newline = content.indexOf('\n');
  if (newline < 0) return `${content}\n${make(NEWLINE_FLAG)}`;
  return content.slice(0, newline + 1) + make('') + content.slice(newline + 1);
}

/**
 * The file as it was before lanes: `null` when lanes created it and nothing else was
 * added since (delete it), the content unchanged when there is no block.
 */
export function withoutHuskyBlock(content: string): string | null {
  const found = findBlock(content);
  if (found === undefined) return content;
  const newlineAdded = found.flags.includes(NEWLINE_FLAG.trim());
  const before = content.slice(0, newlineAdded && found.start > 0 ? found.start - 1 : found.start);
  const rest = before + content.slice(found.end);
  if (found.flags.includes(CREATED_FLAG.trim()) && (rest === HUSKY_SHEBANG || rest === ''))
    return null;
  return rest;
}
