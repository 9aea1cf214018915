import { describe, expect, it } from 'vitest';
import type { RawDocuments } from '../types.js';
import { validateDocuments } from '../validate/index.js';
import { addsLanes, AGENT_GUIDE_PATH, lanesTarball, planInit } from './init-plan.js';

const GUIDE = '# guide\n';

function plan(files: Record<string, string>, branch = 'main') {
  const raw: RawDocuments = { files, paths: Object.keys(files) };
  return planInit({
    raw,
    problems: validateDocuments(raw).problems,
    remote: 'origin',
    branch,
    agentGuide: GUIDE,
  });
}

/** The documents after applying a plan, as the next run would read them. */
function applied(files: Record<string, string>, branch = 'main'): Record<string, string> {
  const next = { ...files };
  for (const write of plan(files, branch).writes) next[write.path] = write.content;
  return next;
}

describe('planInit', () => {
  it('proposes mergeQueue.setup from a lockfile at the root, none without one', () => {
    const raw: RawDocuments = { files: {}, paths: [] };
    const withLock = planInit({
      raw,
      problems: [],
      remote: 'origin',
      branch: 'main',
      agentGuide: GUIDE,
      project: { files: ['package.json', 'pnpm-lock.yaml'] },
    });
    expect(withLock.config.mergeQueue.setup).toBe(
      'pnpm install --frozen-lockfile --prefer-offline',
    );
    const npm = planInit({
      raw,
      problems: [],
      remote: 'origin',
      branch: 'main',
      agentGuide: GUIDE,
      project: { files: ['package-lock.json'] },
    });
    expect(npm.config.mergeQueue.setup).toBe('npm ci --prefer-offline --no-audit --no-fund');
    expect(plan({}).config.mergeQueue.setup).toBeUndefined();
  });

  it("proposes the test script as the quality check of a new section, run by the lockfile's manager", () => {
    const raw: RawDocuments = { files: {}, paths: [] };
    const check = (project: { files: string[]; packageManager?: string; testScript?: string }) =>
      planInit({ raw, problems: [], remote: 'origin', branch: 'main', agentGuide: GUIDE, project });
    const pnpm = check({ files: ['pnpm-lock.yaml'], testScript: 'vitest run' });
    expect(pnpm.checkProposed).toEqual({ qualityCheck: 'pnpm test', script: 'vitest run' });
    expect(pnpm.config.mergeQueue.qualityCheck).toBe('pnpm test');
    expect(check({ files: ['package-lock.json'], testScript: 'jest' }).checkProposed).toEqual({
      qualityCheck: 'npm test',
      script: 'jest',
    });
    expect(
      check({ files: [], packageManager: 'yarn@4.1.0', testScript: 'node --test' }).config
        .mergeQueue.qualityCheck,
    ).toBe('yarn test');
    // npm init's placeholder only fails, and no script means nothing to run.
    const placeholder = check({
      files: ['package-lock.json'],
      testScript: 'echo "Error: no test specified" && exit 1',
    });
    expect(placeholder.checkProposed).toBeNull();
    expect(placeholder.config.mergeQueue.qualityCheck).toBeUndefined();
    expect(check({ files: ['package-lock.json'] }).checkProposed).toBeNull();
  });

  it('never adds a quality check to an existing agents section', () => {
    const files = { 'project.json': JSON.stringify({ agents: { multiSession: true } }) };
    const result = planInit({
      raw: { files, paths: Object.keys(files) },
      problems: [],
      remote: 'origin',
      branch: 'main',
      agentGuide: GUIDE,
      project: { files: ['package-lock.json'], testScript: 'jest' },
    });
    expect(result.checkProposed).toBeNull();
    expect(result.config.mergeQueue.qualityCheck).toBeUndefined();
  });

  it('adds a proposed setup to an existing agents section without one, never replacing one', () => {
    const withSection = (mergeQueue?: Record<string, unknown>) => {
      const files = {
        'project.json': JSON.stringify({
          agents: { multiSession: true, ...(mergeQueue ? { mergeQueue } : {}) },
        }),
      };
      return planInit({
        raw: { files, paths: Object.keys(files) },
        problems: [],
        remote: 'origin',
        branch: 'main',
        agentGuide: GUIDE,
        project: { files: ['yarn.lock'] },
      });
    };
    const added = withSection();
    expect(added.setupProposed).toMatchObject({ lockfile: 'yarn.lock', manager: 'yarn' });
    expect(added.config.mergeQueue.setup).toBe('yarn install --frozen-lockfile --prefer-offline');
    const beside = withSection({ attempts: 2 });
    expect(beside.config.mergeQueue).toMatchObject({
      attempts: 2,
      setup: added.config.mergeQueue.setup,
    });
    const kept = withSection({ setup: 'make deps' });
    expect(kept.setupProposed).toBeNull();
    expect(kept.config.mergeQueue.setup).toBe('make deps');
  });

  it('writes the whole skeleton and a default agents section into an empty repository', () => {
    const result = plan({});
    expect(result.writes.map((w) => w.path)).toEqual([
      'project.json',
      'docs/session-locks.json',
      'docs/prd-registry.json',
      'docs/prds/.gitkeep',
      'docs/drafts/.gitkeep',
      'docs/completed/.gitkeep',
      'docs/abandoned/.gitkeep',
      AGENT_GUIDE_PATH,
    ]);
    expect(result.config.multiSession).toBe(true);
    expect(result.config.coordination).toMatchObject({ remote: 'origin', branch: 'main' });
    const after = applied({});
    const check = validateDocuments({ files: after, paths: Object.keys(after) });
    expect(check).toMatchObject({ initialized: true, problems: [] });
  });

  it('writes nothing the second time', () => {
    expect(plan(applied({}, 'lanes'), 'lanes').writes).toEqual([]);
  });

  it('keeps every other field of project.json, its key order and its indentation', () => {
    const original =
      '{\n    "name": "acme",\n    "agents": {"heartbeatTimeoutMinutes": 30},\n    "version": "1.0.0"\n}\n';
    const write = plan({ 'project.json': original }, 'lanes').writes.find(
      (w) => w.path === 'project.json',
    )!;
    expect(Object.keys(JSON.parse(write.content))).toEqual(['name', 'agents', 'version']);
    expect(write.content).toMatch(/^\{\n {4}"name": "acme",/);
    expect(JSON.parse(write.content).agents).toEqual({
      heartbeatTimeoutMinutes: 30,
      multiSession: true,
      coordination: { remote: 'origin', branch: 'lanes' },
    });
  });

  it('uses docs/project.json when that is the only config file', () => {
    const result = plan({ 'docs/project.json': '{"name": "x"}\n' });
    expect(result.configFile).toBe('docs/project.json');
    expect(result.writes.map((w) => w.path)).toContain('docs/project.json');
    expect(result.writes.map((w) => w.path)).not.toContain('project.json');
  });

  it('adds only what is missing: no .gitkeep beside files, the guide only when absent', () => {
    const files = applied({});
    delete files['docs/session-locks.json'];
    delete files['docs/prds/.gitkeep'];
    files['docs/prds/prd-x.json'] = '{"title": "X", "userStories": []}\n';
    files[AGENT_GUIDE_PATH] = 'our own guide\n';
    expect(plan(files).writes.map((w) => w.path)).toEqual(['docs/session-locks.json']);
  });

  it('refuses to rewrite a project.json it cannot read, naming the file and place', () => {
    expect(() => plan({ 'project.json': '{"name": ' })).toThrow(
      expect.objectContaining({
        code: 'E_INVALID_STATE',
        message: expect.stringContaining('project.json'),
      }),
    );
  });

  it('refuses an agents section that breaks its schema instead of repairing it', () => {
    const broken = '{"agents": {"heartbeatTimeoutMinutes": -1}}\n';
    expect(() => plan({ 'project.json': broken })).toThrow(
      expect.objectContaining({
        code: 'E_INVALID_STATE',
        message: expect.stringContaining('/agents/heartbeatTimeoutMinutes'),
      }),
    );
  });
});

describe('addsLanes', () => {
  it('finds @lanes/cli among any kind of dependencies, and nothing in what is not a manifest', () => {
    expect(addsLanes('{"devDependencies":{"@lanes/cli":"^0.1.0"}}')).toBe(true);
    expect(addsLanes('{"dependencies":{"@lanes/cli":"file:../lanes.tgz"}}')).toBe(true);
    expect(addsLanes('{"devDependencies":{"@lanes/core":"^0.1.0"}}')).toBe(false);
    expect(addsLanes('{"devDependencies":[]}')).toBe(false);
    expect(addsLanes('not json')).toBe(false);
    expect(addsLanes('')).toBe(false);
  });
});

describe('lanesTarball', () => {
  it('is the tarball inside the repository that package.json installs lanes from', () => {
    const manifest = (spec: string) => JSON.stringify({ devDependencies: { '@lanes/cli': spec } });
    expect(lanesTarball(manifest('file:vendor/lanes-cli-0.1.0.tgz'))).toBe(
      'vendor/lanes-cli-0.1.0.tgz',
    );
    expect(lanesTarball(manifest('file:./lanes-cli-0.1.0.tgz'))).toBe('lanes-cli-0.1.0.tgz');
    // Outside the repository, a registry version, or no lanes at all: nothing to commit.
    expect(lanesTarball(manifest('file:../lanes-cli-0.1.0.tgz'))).toBeNull();
    expect(lanesTarball(manifest('file:vendor/../../lanes.tgz'))).toBeNull();
    expect(lanesTarball(manifest('file:/tmp/lanes-cli-0.1.0.tgz'))).toBeNull();
    expect(lanesTarball(manifest('^0.1.0'))).toBeNull();
    expect(lanesTarball('{"name":"app"}')).toBeNull();
  });
});
