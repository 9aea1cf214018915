import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { LanesError } from '@lanes/core';

// The guide `lanes init` puts into a repository, shipped in the package's templates/
// folder. From src/ and from dist/ alike it is one level up, so the same URL works
// in tests (sources) and in the published package.
const AGENT_GUIDE = new URL('../templates/lanes-agents.md', import.meta.url);

/** The path of the guide this lanes ships, for an agent whose checkout has none. */
export const SHIPPED_GUIDE = fileURLToPath(AGENT_GUIDE);

export async function readAgentGuide(): Promise<string> {
  try {
    return await readFile(AGENT_GUIDE, 'utf8');
  } catch (error) {
    throw new LanesError(
      'E_INTERNAL',
      `the agent guide template is missing: ${AGENT_GUIDE.pathname}`,
      {
        hint: 'the lanes installation is incomplete; reinstall it',
        cause: error,
      },
    );
  }
}
