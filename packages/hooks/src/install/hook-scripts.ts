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

function commitHookTail(hook: HookName): string[] {
  // No claim in this worktree (the common case): exit before node starts.
  return [
    '[ "$LANES_SKIP_HOOKS" = "1" ] && exit $lanes_rc',
    'lanes_dir=$(git rev-parse --git-path lanes 2>/dev/null) || exit $lanes_rc',
    '[ -f "$lanes_dir/claim.json" ] || exit $lanes_rc',
    '[ -f "$lanes_bin" ] || exit $lanes_rc',
    `node "$lanes_bin" hook ${hook} "$@" </dev/null >/dev/null 2>>"$lanes_dir/hooks.log"`,
    'exit $lanes_rc',
  ];
}

/**
 * A complete hook file for the hooks directory. It runs the hook it replaced first
 * (`<hook>.lanes-chained`, with the same arguments and, for pre-push, the same stdin),
 * then lanes. `lanesBin` is the absolute path recorded at install time.
 */
export function hookScript(hook: HookName, lanesBin: string): string {
  const head = [
    '#!/bin/sh',
    SCRIPT_MARKER,
    `lanes_bin=${shellQuote(lanesBin)}`,
    `lanes_chained="$(dirname "$0")/${hook}${CHAINED_SUFFIX}"`,
  ];
  if (hook !== 'pre-push') {
    return [
      ...head,
      'lanes_rc=0',
      'if [ -x "$lanes_chained" ]; then',
      '  "$lanes_chained" "$@"',
      '  lanes_rc=$?',
      'fi',
      ...commitHookTail(hook),
      '',
    ].join('\n');
  }
  return [
    ...head,
    'if [ "$LANES_SKIP_HOOKS" = "1" ] || [ ! -f "$lanes_bin" ] || ! command -v node >/dev/null 2>&1; then',
    '  [ "$LANES_SKIP_HOOKS" = "1" ] || echo "lanes: cannot run $lanes_bin with node; pre-push checks skipped (run lanes hooks install again)" >&2',
    '  [ -x "$lanes_chained" ] && exec "$lanes_chained" "$@"',
    '  exit 0',
    'fi',
    'if [ -x "$lanes_chained" ]; then',
    '  # Both hooks read the ref lines git writes to stdin: keep a copy for the second.',
    '  lanes_input=$(mktemp "${TMPDIR:-/tmp}/lanes-pre-push.XXXXXX") || exit 1',
    `  trap 'rm -f "$lanes_input"' EXIT`,
    '  cat >"$lanes_input"',
    '  "$lanes_chained" "$@" <"$lanes_input" || exit $?',
    '  node "$lanes_bin" hook pre-push "$@" <"$lanes_input"',
    '  exit $?',
    'fi',
    'exec node "$lanes_bin" hook pre-push "$@"',
    '',
  ].join('\n');
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
 * committed): the lanes path comes from this clone's git config `lanes.bin`. It sits at
 * the top so that a user line ending in `exit`, or husky 8's sourcing of a missing
 * `_/husky.sh` in a new worktree, cannot skip it; pre-push hands its stdin on to the
 * lines below.
 */
export function huskyBlockBody(hook: HookName): string[] {
  if (hook !== 'pre-push') {
    return [
      'if [ "$LANES_SKIP_HOOKS" != "1" ] && lanes_dir=$(git rev-parse --git-path lanes 2>/dev/null) && [ -f "$lanes_dir/claim.json" ] && lanes_bin=$(git config --get lanes.bin) && [ -f "$lanes_bin" ]; then',
      `  node "$lanes_bin" hook ${hook} "$@" </dev/null >/dev/null 2>>"$lanes_dir/hooks.log" || true`,
      'fi',
    ];
  }
  return [
    'if [ "$LANES_SKIP_HOOKS" != "1" ] && lanes_bin=$(git config --get lanes.bin) && [ -f "$lanes_bin" ] && command -v node >/dev/null 2>&1; then',
    '  lanes_input=$(mktemp "${TMPDIR:-/tmp}/lanes-pre-push.XXXXXX") || exit 1',
    '  cat >"$lanes_input"',
    '  node "$lanes_bin" hook pre-push "$@" <"$lanes_input" || { lanes_rc=$?; rm -f "$lanes_input"; exit "$lanes_rc"; }',
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
  if (content === undefined) return `${HUSKY_SHEBANG}${block(hook, CREATED_FLAG)}`;
  const existing = findBlock(content);
  if (existing !== undefined) {
    return (
      content.slice(0, existing.start) + block(hook, existing.flags) + content.slice(existing.end)
    );
  }
  if (!content.startsWith('#!')) return block(hook, '') + content;
  const newline = content.indexOf('\n');
  if (newline < 0) return `${content}\n${block(hook, NEWLINE_FLAG)}`;
  return content.slice(0, newline + 1) + block(hook, '') + content.slice(newline + 1);
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
