import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSandbox, runLanes, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remoteJson } from './lifecycle.js';

// A newcomer's jest project, set up the way the README's "Use lanes in your repository"
// says: `lanes init` takes package.json's test script as the release's quality check
// (and says so in full), the configuration is changed on lanes/state as the README
// shows, an agent's prime points at the guide where it is, and then a failing test
// blocks a release and a passing one lands.

const FIXTURE = fileURLToPath(new URL('./fixtures/quality/jest/', import.meta.url));
/** Where jest is installed: the release worktree links it, as a warm offline install would. */
const CLI_MODULES = fileURLToPath(new URL('../node_modules', import.meta.url));

const failingTest =
  "const sum = require('./sum');\n\ntest('newcomer-broken', () => {\n  expect(sum(2, 2)).toBe(5);\n});\n";
const passingTest =
  "const sum = require('./sum');\n\ntest('newcomer-adds', () => {\n  expect(sum(2, 2)).toBe(4);\n});\n";

interface ProjectJson {
  agents: { mergeQueue: Record<string, unknown> };
}

describe('a jest project set up with the README', () => {
  let sandbox: Sandbox;
  let clone: string;

  beforeAll(async () => {
    const files: Record<string, string> = {};
    for (const path of ['package.json', 'src/sum.js', 'src/sum.test.js']) {
      files[path] = await readFile(join(FIXTURE, path), 'utf8');
    }
    sandbox = await createSandbox({ clones: 1, files });
    clone = sandbox.clones[0]!;
  });
  afterAll(() => sandbox.cleanup());

  it('lanes init proposes the test script as the quality check and prints every line whole', async () => {
    const result = await runLanes(clone, ['init']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      "  mergeQueue.qualityCheck (package.json's test script, jest --ci): npm test; a release lands only when it passes\n",
    );
    expect(result.stdout).toContain(
      '  change them in project.json on lanes/state if releases need others\n',
    );
    expect(result.stdout).toContain("every other clone runs 'lanes init' once");
    expect(result.stdout).not.toContain('…');
    const project = await remoteJson<ProjectJson>(sandbox, 'lanes/state', 'project.json');
    expect(project.agents.mergeQueue.qualityCheck).toBe('npm test');

    const again = await runLanes(clone, ['init', '--json']);
    expect(again.json).toMatchObject({ checkProposed: null, qualityCheck: 'npm test' });
  });

  it("the README's way to change the configuration on lanes/state works", async () => {
    const git = (...args: string[]) => sandbox.git(clone, ...args);
    await git('switch', '-q', 'lanes/state');
    const path = join(clone, 'project.json');
    const project = JSON.parse(await readFile(path, 'utf8')) as ProjectJson;
    project.agents.mergeQueue.setup = `ln -s ${JSON.stringify(CLI_MODULES)} node_modules`;
    await sandbox.write(clone, 'project.json', `${JSON.stringify(project, null, 2)}\n`);
    const valid = await runLanes(clone, ['validate', '--worktree']);
    expect(valid.exitCode, valid.stdout).toBe(0);
    await git('commit', '-qam', 'chore: link the dependencies in the release worktree');
    await git('push', '-q', 'origin', 'lanes/state');
    await git('switch', '-q', 'main');
    const pushed = await remoteJson<ProjectJson>(sandbox, 'lanes/state', 'project.json');
    expect(pushed.agents.mergeQueue).toMatchObject({ qualityCheck: 'npm test' });
    expect(pushed.agents.mergeQueue.setup).toContain('ln -s');
  });

  it('a failing jest test blocks the release; the fixed branch lands', async () => {
    await sandbox.write(
      clone,
      'prd-sums.json',
      JSON.stringify({
        id: 'prd-sums',
        title: 'Sums',
        userStories: [{ id: 'US-001', title: 'sum' }],
      }),
    );
    for (const args of [
      ['prd', 'add', 'prd-sums.json', '--ready'],
      ['claim', 'prd-sums'],
    ]) {
      const result = await runLanes(clone, args);
      expect(result.exitCode, result.stderr).toBe(0);
    }
    // The guide lanes init wrote lives on lanes/state, not in this checkout of main:
    // prime (an agent's first context) says how to read it, and that works.
    const prime = await runLanes(clone, ['prime']);
    const read = 'git show origin/lanes/state:docs/lanes-agents.md';
    expect(prime.stdout).toContain(`Rules (details: ${read}):`);
    expect(await sandbox.git(clone, ...read.split(' ').slice(1))).toContain('# ');

    await sandbox.commit(clone, 'feat: US-001 sums', { 'src/more.test.js': failingTest });

    const blocked = await runLanes(clone, ['release', '--json'], { timeoutMs: 170_000 });
    expect(blocked.exitCode, blocked.stderr).toBe(1);
    expect(blocked.json).toMatchObject({ error: { code: 'E_QUALITY_CHECK', checks: 1 } });
    expect(blocked.stderr).toContain('newcomer-broken');
    expect(blocked.stderr).toMatch(/Tests:\s+1 failed, 1 passed, 2 total/);

    await sandbox.commit(clone, 'fix: US-001 the sum is right', {
      'src/more.test.js': passingTest,
    });
    const landed = await runLanes(clone, ['release', '--json'], { timeoutMs: 170_000 });
    expect(landed.exitCode, landed.stderr).toBe(0);
    expect(landed.json).toMatchObject({ status: 'completed', checks: 1 });
    expect(landed.stderr).toMatch(/Tests:\s+2 passed, 2 total/);
    expect(await sandbox.git(sandbox.remote, 'show', 'main:src/more.test.js')).toBe(
      passingTest.trim(),
    );
  }, 360_000);
});

describe('lanes installed from a tarball kept in the repository', () => {
  it('lanes init --commit commits the tarball with package.json, so clones and releases can install it', async () => {
    const manifest = {
      name: 'app',
      private: true,
      devDependencies: { '@lanes/cli': 'file:vendor/lanes-cli-0.1.0.tgz' },
    };
    const sandbox = await createSandbox({ clones: 1 });
    try {
      const clone = sandbox.clones[0]!;
      await sandbox.write(clone, 'package.json', `${JSON.stringify(manifest, null, 2)}\n`);
      await sandbox.write(clone, 'vendor/lanes-cli-0.1.0.tgz', 'the packed package\n');
      const result = await runLanes(clone, ['init', '--commit', '--json']);
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.json).toMatchObject({
        committed: { files: ['package.json', 'vendor/lanes-cli-0.1.0.tgz'] },
        toCommit: [],
      });
      expect(await sandbox.git(clone, 'status', '--porcelain')).toBe('');
      expect(await sandbox.git(clone, 'show', '--format=', '--name-only', 'HEAD')).toBe(
        'package.json\nvendor/lanes-cli-0.1.0.tgz',
      );
    } finally {
      await sandbox.cleanup();
    }
  });
});
