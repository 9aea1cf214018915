import { spawn } from 'node:child_process';
import { access, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LANES_BIN, runLanes, sandboxEnv, type Sandbox } from '@lanes/test-utils';
import { describe, expect, it } from 'vitest';
import {
  ME,
  releaseScenario,
  remoteJson,
  type FixtureOptions,
  type LocksDoc,
} from './release-fixture.js';

// The merge queue runs a project's real test suite (issue 27): jest, vitest and
// node:test projects, their dev dependencies linked into the clean release worktree by
// `mergeQueue.setup`, offline, the way a user links or installs from a warm store.

const FIXTURES = fileURLToPath(new URL('./fixtures/quality/', import.meta.url));
/** Where this package's dev dependencies (jest) and the workspace root's (vitest) are. */
const CLI_MODULES = fileURLToPath(new URL('../node_modules', import.meta.url));
const ROOT_MODULES = fileURLToPath(new URL('../../../node_modules', import.meta.url));

interface Framework {
  name: 'jest' | 'vitest' | 'node-test';
  modules: string | null;
  /** What the runner prints when the suite ran, proving it found the tests. */
  ran: RegExp;
  passing: (name: string) => string;
  failing: string;
}

const cjs = (body: string) => `const sum = require('./sum');\n\n${body}\n`;
const esm = (imports: string, body: string) =>
  `${imports}\nimport { sum } from './sum.js';\n\n${body}\n`;

const FRAMEWORKS: Framework[] = [
  {
    name: 'jest',
    modules: CLI_MODULES,
    ran: /Tests:\s+2 passed, 2 total/,
    passing: (name) => cjs(`test('${name}', () => {\n  expect(sum(1, 2)).toBe(3);\n});`),
    failing: cjs(`test('lanes-broken-sum', () => {\n  expect(sum(2, 2)).toBe(5);\n});`),
  },
  {
    name: 'vitest',
    modules: ROOT_MODULES,
    ran: /Tests\s+2 passed \(2\)/,
    passing: (name) =>
      esm(
        `import { expect, test } from 'vitest';`,
        `test('${name}', () => {\n  expect(sum(1, 2)).toBe(3);\n});`,
      ),
    failing: esm(
      `import { expect, test } from 'vitest';`,
      `test('lanes-broken-sum', () => {\n  expect(sum(2, 2)).toBe(5);\n});`,
    ),
  },
  {
    name: 'node-test',
    modules: null,
    ran: /# pass 2/,
    passing: (name) =>
      esm(
        `import assert from 'node:assert/strict';\nimport { test } from 'node:test';`,
        `test('${name}', () => {\n  assert.equal(sum(1, 2), 3);\n});`,
      ),
    failing: esm(
      `import assert from 'node:assert/strict';\nimport { test } from 'node:test';`,
      `test('lanes-broken-sum', () => {\n  assert.equal(sum(2, 2), 5);\n});`,
    ),
  },
];

const NODE_TEST = FRAMEWORKS[2]!;

async function projectFiles(name: string): Promise<Record<string, string>> {
  const dir = join(FIXTURES, name);
  const files: Record<string, string> = {};
  for (const path of ['package.json', 'src/sum.js', 'src/sum.test.js']) {
    files[path] = await readFile(join(dir, path), 'utf8');
  }
  return files;
}

/** What a user with the dependencies installed next door would configure, offline. */
const linkSetup = (modules: string | null) =>
  modules === null ? undefined : `ln -s ${JSON.stringify(modules)} node_modules`;

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

interface MergeQueueEntry {
  prdId: string;
  sessionId: string;
  status: string;
  stage: string | null;
  stageStartedAt: string | null;
}

interface ReleaseError {
  error: {
    code: string;
    hint: string;
    output: string[];
    log: string;
    checks: number;
    fixRuns: number;
  };
}

/** The node:test project with a branch that adds a passing test; the queue's settings vary. */
async function nodeTestRelease(mergeQueue: FixtureOptions['mergeQueue'], extraClones = 0) {
  const fixture = await releaseScenario({
    files: await projectFiles('node-test'),
    sessions: [
      {
        sessionId: ME,
        prdId: 'prd-alpha',
        files: { 'src/add.test.js': NODE_TEST.passing('adds') },
      },
    ],
    mergeQueue,
    extraClones,
  });
  return { ...fixture, clone: fixture.sessionClones[0]!, root: fixture.sandbox.root };
}

/** A check that waits, after saying it started, until the test creates `pass`. */
const waitingCheck = (root: string, then: string) =>
  `touch ${root}/started; while [ ! -f ${root}/pass ]; do sleep 0.1; done; ${then}`;

const locks = (sandbox: Sandbox) =>
  remoteJson<LocksDoc>(sandbox, 'main', 'docs/session-locks.json');

describe.each(FRAMEWORKS)('lanes release runs a real $name suite', (framework) => {
  it('a passing branch lands; the check ran the suite in a clean worktree outside .git', async () => {
    const setup = linkSetup(framework.modules);
    const fixture = await releaseScenario({
      files: await projectFiles(framework.name),
      sessions: [
        {
          sessionId: ME,
          prdId: 'prd-alpha',
          files: { 'src/add.test.js': framework.passing('adds one and two') },
        },
      ],
      mergeQueue: { ...(setup ? { setup } : {}), qualityCheck: 'npm test' },
    });
    const { sandbox } = fixture;
    const [clone] = fixture.sessionClones as [string];

    const started = Date.now();
    const result = await runLanes(clone, ['release', '--json'], { timeoutMs: 170_000 });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.json).toMatchObject({ status: 'completed', checks: 1, fixRuns: 0, flaky: false });
    // The suite ran both tests (jest under .git/ found none), stages were shown.
    expect(result.stderr).toMatch(framework.ran);
    expect(result.stderr).toMatch(/\[\d+\.\ds\] rebasing: /);
    if (setup) expect(result.stderr).toMatch(/\[\d+\.\ds\] setup: ln -s /);
    expect(result.stderr).toMatch(/\[\d+\.\ds\] check 1\/1: npm test/);
    expect(result.stderr).toMatch(/\[\d+\.\ds\] landing: merge onto main/);
    expect(await sandbox.git(sandbox.remote, 'show', 'main:src/add.test.js')).toContain(
      'sum(1, 2)',
    );
    expect(await sandbox.git(clone, 'worktree', 'list', '--porcelain')).not.toContain('release-');
    process.stderr.write(`release with ${framework.name}: ${seconds}s\n`);
  }, 180_000);

  it('a failing test blocks the release with the tail of its output and the log', async () => {
    const setup = linkSetup(framework.modules);
    const fixture = await releaseScenario({
      files: await projectFiles(framework.name),
      sessions: [
        { sessionId: ME, prdId: 'prd-alpha', files: { 'src/broken.test.js': framework.failing } },
      ],
      mergeQueue: { ...(setup ? { setup } : {}), qualityCheck: 'npm test' },
    });
    const { sandbox } = fixture;
    const [clone] = fixture.sessionClones as [string];

    const result = await runLanes(clone, ['release', '--json'], { timeoutMs: 170_000 });
    expect(result.exitCode).toBe(1);
    const { error } = result.json as ReleaseError;
    expect(error).toMatchObject({ code: 'E_QUALITY_CHECK', checks: 1, fixRuns: 0 });
    expect(error.output.length).toBeGreaterThan(0);
    expect(error.output.length).toBeLessThanOrEqual(40);
    expect(error.output.join('\n')).toMatch(/lanes-broken-sum|5/);
    // An agent reads the JSON: the hint points at `error.output` and says what is next.
    expect(error.hint).toContain('`error.output` with --json');
    expect(error.hint).toContain(error.log);
    expect(error.hint).toContain('then `lanes release` again');
    const log = await readFile(error.log, 'utf8');
    expect(log).toContain('lanes-broken-sum');
    expect(log).toContain('### check 1/1: npm test');
    expect((await locks(sandbox)).sessions[0]).toMatchObject({
      status: 'blocked',
      blockedReason: expect.stringContaining('npm test'),
    });
    expect(await sandbox.git(clone, 'worktree', 'list', '--porcelain')).not.toContain('release-');

    // What the hint says: fix it on the branch, commit, release again (no sync, no unblock).
    await sandbox.commit(clone, 'fix: the sum test (US-001)', {
      'src/broken.test.js': framework.passing('sums again'),
    });
    const again = await runLanes(clone, ['release', '--json'], { timeoutMs: 170_000 });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.json).toMatchObject({ status: 'completed', prdId: 'prd-alpha' });
    expect(await sandbox.git(sandbox.remote, 'show', 'main:src/broken.test.js')).toContain(
      'sums again',
    );
  }, 340_000);
});

describe('lanes release with a broken setup', () => {
  it('fails with E_QUALITY_SETUP, a hint about the configuration, and blocks the lock', async () => {
    // npm ci without a package-lock.json: the configuration is wrong, not the branch.
    const { clone, sandbox } = await nodeTestRelease({
      setup: 'npm ci --offline --no-audit --no-fund',
      qualityCheck: 'npm test',
    });

    const result = await runLanes(clone, ['release', '--json'], { timeoutMs: 170_000 });
    expect(result.exitCode).toBe(1);
    const { error } = result.json as ReleaseError & { error: { exitCode: number } };
    expect(error).toMatchObject({
      code: 'E_QUALITY_SETUP',
      command: 'npm ci --offline --no-audit --no-fund',
      exitCode: expect.any(Number),
      log: expect.stringContaining('release-prd-alpha.log'),
    });
    // The file that holds the configuration: the seeded state's is project.json at the root.
    expect(error.hint).toContain('fix agents.mergeQueue.setup in project.json on main');
    expect(error.output.join('\n')).toMatch(/npm (ERR|error)/);
    expect(result.stderr).not.toContain('check 1/1');
    expect((await locks(sandbox)).sessions[0]).toMatchObject({
      status: 'blocked',
      blockedReason: expect.stringContaining('setup'),
    });
  }, 180_000);
});

describe('a flaky check (fails its first run, passes its second)', () => {
  const flakyCheck = (root: string) =>
    `if [ ! -f ${root}/ran-once ]; then touch ${root}/ran-once; echo first run fails; exit 1; fi; npm test`;

  it('with retryFlaky the check runs again, the branch lands, and the result says flaky', async () => {
    const { clone, sandbox } = await nodeTestRelease((root) => ({
      qualityCheck: flakyCheck(root),
      retryFlaky: true,
    }));

    const result = await runLanes(clone, ['release', '--json'], { timeoutMs: 170_000 });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.json).toMatchObject({ status: 'completed', checks: 2, fixRuns: 0, flaky: true });
    expect(result.stderr).toMatch(/\[\d+\.\ds\] check 2\/2: /);
    expect(await sandbox.git(sandbox.remote, 'show', 'main:src/add.test.js')).toContain(
      'sum(1, 2)',
    );
  }, 180_000);

  it('without retryFlaky the first failure blocks the release', async () => {
    const { clone, sandbox } = await nodeTestRelease((root) => ({
      qualityCheck: flakyCheck(root),
      retryFlaky: false,
    }));

    const result = await runLanes(clone, ['release', '--json'], { timeoutMs: 170_000 });
    expect(result.exitCode).toBe(1);
    const { error } = result.json as ReleaseError;
    expect(error).toMatchObject({ code: 'E_QUALITY_CHECK', checks: 1, fixRuns: 0 });
    expect(error.output).toContain('first run fails');
    expect((await locks(sandbox)).sessions[0]).toMatchObject({ status: 'blocked' });
  }, 180_000);
});

describe("a release's stage in another clone's status", () => {
  it('shows check 1/1 while the check runs, from the heartbeat ref, with no commit per stage', async () => {
    const fixture = await nodeTestRelease(
      (root) => ({ qualityCheck: waitingCheck(root, 'npm test') }),
      1,
    );
    const { clone, root, sandbox: box } = fixture;
    const viewer = fixture.extraClones[0]!;

    const release = runLanes(clone, ['release', '--json'], { timeoutMs: 170_000 });
    try {
      await waitFor(() => exists(join(root, 'started')), 150_000);
      let entry: MergeQueueEntry | undefined;
      await waitFor(async () => {
        const status = await runLanes(viewer, ['status', '--json']);
        entry = (status.json as { mergeQueue: MergeQueueEntry[] }).mergeQueue[0];
        return entry?.stage === 'check 1/1';
      }, 60_000);
      expect(entry).toMatchObject({ prdId: 'prd-alpha', sessionId: ME, status: 'merging' });
      expect(Date.parse(entry!.stageStartedAt!)).not.toBeNaN();
      const text = await runLanes(viewer, ['status']);
      expect(text.stdout).toMatch(
        /prd-alpha\s+developer-a1b2c3\s+merging now · check 1\/1 for \d+/,
      );
      const subjects = await box.git(box.remote, 'log', '--format=%s', 'main');
      expect(subjects).not.toMatch(/heartbeat/);
    } finally {
      // Whatever failed above, the check is let go: no process outlives the test.
      await writeFile(join(root, 'pass'), '');
    }
    const result = await release;
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.json).toMatchObject({ status: 'completed', checks: 1 });
  }, 180_000);
});

describe('a release killed during the check', () => {
  it('leaves no worktree that blocks the next release, which lands', async () => {
    // The first check says it started, then waits until the test lets checks pass.
    const {
      clone,
      root,
      sandbox: box,
    } = await nodeTestRelease((root) => ({
      qualityCheck: `test -f ${root}/pass || { ${waitingCheck(root, 'exit 1')}; }; npm test`,
    }));

    const child = spawn(process.execPath, [LANES_BIN, 'release', '--json'], {
      cwd: clone,
      env: sandboxEnv(),
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await waitFor(() => exists(join(root, 'started')), 150_000);
    const worktrees = await box.git(clone, 'worktree', 'list', '--porcelain');
    const leftover = /^worktree (.*release-prd-alpha)$/m.exec(worktrees)?.[1];
    expect(leftover, worktrees).toBeDefined();
    expect(leftover).not.toContain('/.git/');
    child.kill('SIGKILL');
    await exited;
    expect(await exists(leftover!)).toBe(true);
    await writeFile(join(root, 'pass'), '');

    const again = await runLanes(clone, ['release', '--json'], { timeoutMs: 170_000 });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.json).toMatchObject({ status: 'completed', prdId: 'prd-alpha' });
    expect(await exists(leftover!)).toBe(false);
    expect(await box.git(clone, 'worktree', 'list', '--porcelain')).not.toContain('release-');
    expect(await readdir(join(leftover!, '..')).catch(() => [])).toEqual([]);
  }, 180_000);
});

async function waitFor(condition: () => Promise<boolean>, boundMs: number): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${boundMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
