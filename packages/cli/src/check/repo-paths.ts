import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** The real path of `path`, or of its nearest existing parent (a file about to be created). */
function realish(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(realish(parent), basename(path));
  }
}

/**
 * A path as lanes compares it (relative to the repository's top, `/`-separated), or
 * undefined when it lies outside the repository. `root` is git's (a real path).
 */
export function repoRelativePath(root: string, cwd: string, given: string): string | undefined {
  const inside = relative(root, realish(resolve(cwd, given)));
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return undefined;
  return inside.split(sep).join('/');
}
