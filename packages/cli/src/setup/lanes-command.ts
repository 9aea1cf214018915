import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { PACKAGE_BIN, shellQuote } from '@lanes/hooks';

/**
 * The lanes bin a runtime's configuration names: the project's own package when it has
 * one (`<root>/node_modules/@lanes/cli/bin/lanes.js`, which outlives a reinstall or an
 * upgrade), else `bin`, the lanes that runs.
 */
export function projectLanesBin(root: string, bin: string): string {
  const installed = join(root, PACKAGE_BIN);
  return existsSync(installed) ? installed : bin;
}

/**
 * How a runtime's hook starts lanes. The project's own package comes first
 * (`<root>/node_modules/@lanes/cli/bin/lanes.js`: it outlives a reinstall or an upgrade,
 * where the running lanes may sit in a versioned folder such as pnpm's
 * `node_modules/.pnpm/…`); from the project it is written relative to the project
 * variable (`node "$CLAUDE_PROJECT_DIR/node_modules/…/lanes.js"`, the same on every
 * clone). Else the absolute path of the lanes that ran setup.
 */
export function lanesCommand(root: string, bin: string, projectVariable?: string): string {
  const target = projectLanesBin(root, bin);
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
