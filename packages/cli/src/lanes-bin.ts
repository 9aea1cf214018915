import { fileURLToPath } from 'node:url';

/**
 * Absolute path of this lanes' `bin/lanes.js`. `lanes hooks install` records it in git
 * config `lanes.bin`: the hooks fall back to it when the repository has no lanes in
 * node_modules (a lanes that is not a dependency of the repository). (From `dist/lanes-bin.js` or `src/lanes-bin.ts` the bin folder is one level up.)
 */
export function lanesBinPath(): string {
  return fileURLToPath(new URL('../bin/lanes.js', import.meta.url));
}
