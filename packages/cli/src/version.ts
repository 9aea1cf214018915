import { readFileSync } from 'node:fs';

// Read once from the package's own package.json so `--version` never drifts from a release.
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;
