// Tests resolve sibling packages to their TypeScript sources (the "@lanes/source"
// export condition), so a unit test never needs a build. Only tests that spawn the
// real CLI process need `dist`, which turbo builds before `test`.
const conditions = ['@lanes/source', 'module', 'node', 'import', 'default'];

export const sharedTestConfig = {
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@lanes/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
};
