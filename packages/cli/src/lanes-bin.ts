import { fileURLToPath } from 'node:url';

/**
 * Absolute path of this lanes' `bin/lanes.js`. Hooks call exactly this file with node,
 * so a repository that never installed lanes as a dependency still finds it.
 * (From `dist/lanes-bin.js` or `src/lanes-bin.ts` the bin folder is one level up.)
 */
export function lanesBinPath(): string {
  return fileURLToPath(new URL('../bin/lanes.js', import.meta.url));
}
