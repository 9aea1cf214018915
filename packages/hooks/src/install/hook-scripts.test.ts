import { describe, expect, it } from 'vitest';
import {
  BLOCK_END,
  BLOCK_START,
  hookScript,
  isLanesScript,
  shellQuote,
  withHuskyBlock,
  withoutHuskyBlock,
} from './hook-scripts.js';
import { PACKAGE_BIN } from './shell-decisions.js';

describe('hookScript', () => {
  it('finds lanes at run time, never through a package manager, and chains the hook it replaced', () => {
    const script = hookScript('pre-push');
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    expect(isLanesScript(script)).toBe(true);
    expect(script).toContain(`if [ -f ${PACKAGE_BIN} ]; then`);
    expect(script).toContain('git config --get lanes.bin');
    expect(script).toContain('"$lanes_chained" "$@" <"$lanes_input" || exit $?');
    expect(script).toContain('$lanes_node "$lanes_bin" hook pre-push "$@" || lanes_rc=$?');
    expect(script).not.toMatch(/^\s*(npx|pnpm|npm|yarn)\b/m);
  });

  it('quotes a value for sh', () => {
    expect(shellQuote("/opt/it's here")).toBe(`'/opt/it'\\''s here'`);
  });

  it('is told apart from a user’s hook', () => {
    expect(isLanesScript('#!/bin/sh\necho mine\n')).toBe(false);
  });
});

describe('husky blocks', () => {
  const samples = {
    'husky 9 file': 'pnpm exec lint-staged\n',
    'husky 8 file': '#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n\nnpx lint-staged\n',
    'shebang without newline': '#!/bin/sh',
    'no final newline': 'echo one\necho two',
  };

  for (const [name, original] of Object.entries(samples)) {
    it(`goes in and comes out byte for byte (${name})`, () => {
      const installed = withHuskyBlock(original, 'pre-push');
      expect(installed).toContain(BLOCK_START);
      expect(installed).toContain(`${BLOCK_END}\n`);
      // A shebang stays the first line.
      if (original.startsWith('#!')) expect(installed.split('\n')[0]).toBe(original.split('\n')[0]);
      expect(withHuskyBlock(installed, 'pre-push')).toBe(installed);
      expect(withoutHuskyBlock(installed)).toBe(original);
    });
  }

  it('puts the block first in a husky 8 file, before the sourcing that fails in new worktrees', () => {
    const installed = withHuskyBlock(samples['husky 8 file'], 'post-commit');
    expect(installed.indexOf(BLOCK_START)).toBeLessThan(installed.indexOf('husky.sh'));
  });

  it('creates a missing file and deletes it again unless the user added to it', () => {
    const created = withHuskyBlock(undefined, 'post-commit');
    expect(created.startsWith('#!/usr/bin/env sh\n')).toBe(true);
    expect(withoutHuskyBlock(created)).toBeNull();
    expect(withoutHuskyBlock(`${created}echo mine\n`)).toBe('#!/usr/bin/env sh\necho mine\n');
  });

  it('hands pre-push stdin on to the lines after the block', () => {
    const block = withHuskyBlock('', 'pre-push');
    expect(block).toContain('exec <"$lanes_input"');
  });
});
