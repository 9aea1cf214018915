import { isAbsolute, relative, sep } from 'node:path';
import { shellQuote } from '@lanes/hooks';

/**
 * How a runtime's hook starts this lanes: from the project when lanes is installed in it
 * (`node "$CLAUDE_PROJECT_DIR/node_modules/…/lanes.js"`, the same on every clone), else
 * by the absolute path of the lanes that ran setup.
 */
export function lanesCommand(root: string, bin: string, projectVariable?: string): string {
  const inside = relative(root, bin);
  if (
    projectVariable !== undefined &&
    inside !== '' &&
    !inside.startsWith('..') &&
    !isAbsolute(inside)
  ) {
    return `node "$${projectVariable}/${inside.split(sep).join('/')}"`;
  }
  return `node ${shellQuote(bin)}`;
}
