// Tests resolve sibling packages to their TypeScript sources (the "@lanes/source"
// export condition), so a unit test never needs a build. Only tests that spawn the
// real CLI process need `dist`, which turbo builds before `test`.
// The tiers (issue 23): pure unit tests live beside the code in src/ and never start a
// process; scenario tests under test/ drive real git, the CLI and servers. Each
// package's `test:unit` and `test:scenario` scripts run the same vitest; the script's
// name (npm_lifecycle_event, set by pnpm and npm) picks the tier.
const UNIT = 'src/**/*.test.ts';
const SCENARIO = 'test/**/*.test.ts';
function tierIncludes(script) {
  if (script === 'test:unit') return [UNIT];
  if (script === 'test:scenario') return [SCENARIO];
  return [UNIT, SCENARIO];
}

const conditions = ['@lanes/source', 'module', 'node', 'import', 'default'];

export const sharedTestConfig = {
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@lanes/source'] } },
  test: {
    include: tierIncludes(process.env.npm_lifecycle_event),
    // Scenario tests wait on conditions, never on the clock; on a loaded 2-core machine
    // a git sandbox can take a while, so their bound is generous.
    testTimeout: process.env.npm_lifecycle_event === 'test:unit' ? 30_000 : 120_000,
    hookTimeout: process.env.npm_lifecycle_event === 'test:unit' ? 30_000 : 120_000,
  },
};
