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
 * variable (`"$CLAUDE_PROJECT_DIR/node_modules/…/lanes.js"`, the same on every clone),
 * or else the main worktree's. Else the absolute path of the lanes that ran setup.
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
    const path = inside.split(sep).join('/');
    const project = `$${projectVariable}`;
    // A linked worktree (`lanes claim --worktree`) has no node_modules of its own: there
    // the main worktree's, found through git's common directory, as the git hooks do.
    const main = `$(git -C "${project}" rev-parse --path-format=absolute --git-common-dir)/../${path}`;
    return `lanes_js="${project}/${path}"; [ -f "$lanes_js" ] || lanes_js="${main}"; node "$lanes_js"`;
  }
  return `node ${shellQuote(target)}`;
}
