import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { PACKAGE_BIN, shellQuote } from '@lanes/hooks';

/**
 * How a runtime's hook starts lanes. The project's own package comes first
 * (`<root>/node_modules/@lanes/cli/bin/lanes.js`: it outlives a reinstall or an upgrade,
 * where the running lanes may sit in a versioned folder such as pnpm's
 * `node_modules/.pnpm/…`); from the project it is written relative to the project
 * variable (`node "$CLAUDE_PROJECT_DIR/node_modules/…/lanes.js"`, the same on every
 * clone). Else the absolute path of the lanes that ran setup.
 */
export function lanesCommand(root: string, bin: string, projectVariable?: string): string {
  const installed = join(root, PACKAGE_BIN);
  const target = existsSync(installed) ? installed : bin;
  const inside = relative(root, target);
  if (
    projectVariable !== undefined &&
    inside !== '' &&
    !inside.startsWith('..') &&
    !isAbsolute(inside)
  ) {
    return `node "$${projectVariable}/${inside.split(sep).join('/')}"`;
  }
  return `node ${shellQuote(target)}`;
}
