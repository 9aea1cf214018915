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
 * The project's own lanes bin relative to its top (`node_modules/@lanes/cli/bin/lanes.js`,
 * POSIX separators), the same in every clone; undefined when the bin is outside the project.
 */
export function projectRelativeBin(root: string, bin: string): string | undefined {
  const inside = relative(root, projectLanesBin(root, bin));
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return undefined;
  return inside.split(sep).join('/');
}

/**
 * How a runtime's hook starts lanes. The project's own package comes first
 * (`<root>/node_modules/@lanes/cli/bin/lanes.js`: it outlives a reinstall or an upgrade,
 * where the running lanes may sit in a versioned folder such as pnpm's
 * `node_modules/.pnpm/…`), written relative to the project — to the project variable
 * (`"$CLAUDE_PROJECT_DIR/node_modules/…/lanes.js"`, or else the main worktree's), or to
 * the repository's top — because the file is committed and every clone lies elsewhere.
 * Else the absolute path of the lanes that ran setup.
 */
export function lanesCommand(root: string, bin: string, projectVariable?: string): string {
  const path = projectRelativeBin(root, bin);
  if (path === undefined) return `node ${shellQuote(bin)}`;
  if (projectVariable === undefined) return `node ${path}`;
  const project = `$${projectVariable}`;
  // A linked worktree (`lanes claim --worktree`) has no node_modules of its own: there
  // the main worktree's, found through git's common directory, as the git hooks do.
  const main = `$(git -C "${project}" rev-parse --path-format=absolute --git-common-dir)/../${path}`;
  return `lanes_js="${project}/${path}"; [ -f "$lanes_js" ] || lanes_js="${main}"; node "$lanes_js"`;
}
