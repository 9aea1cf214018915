import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSandbox, runLanes, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused, lanesJson, remoteJson, remoteTip } from './lifecycle.js';

const TEMPLATE = fileURLToPath(new URL('../templates/lanes-agents.md', import.meta.url));
const SKELETON = [
  'project.json',
  'docs/session-locks.json',
  'docs/prd-registry.json',
  'docs/prds/.gitkeep',
  'docs/drafts/.gitkeep',
  'docs/completed/.gitkeep',
  'docs/abandoned/.gitkeep',
  'docs/lanes-agents.md',
];

interface InitJson {
  remote: string;
  branch: string;
  branchReason: string;
  commit: string | null;
  branchCreated: boolean;
  written: string[];
  checkoutUpdated: boolean;
  hooks: { mode: string; hooksDir: string } | null;
}

async function gitConfig(sandbox: Sandbox, clone: string, key: string): Promise<string | null> {
  const result = await sandbox.gitResult(clone, 'config', '--get', key);
  return result.exitCode === 0 ? result.stdout.trim() : null;
}

const hookFile = (clone: string) => readFile(join(clone, '.git/hooks/post-commit'), 'utf8');

describe('lanes init --branch main (the seed’s layout)', () => {
  let sandbox: Sandbox;
  let clones: string[];
  const project = '{\n    "name": "acme",\n    "version": "1.0.0",\n    "private": true\n}\n';

  beforeAll(async () => {
    sandbox = await createSandbox({ clones: 3, files: { 'project.json': project } });
    clones = sandbox.clones;
  });
  afterAll(() => sandbox.cleanup());

  it('commits the agents section and the skeleton in one commit, and sets this clone up', async () => {
    const [c1] = clones as [string];
    const before = await remoteTip(sandbox, 'main');

    const result = await lanesJson<InitJson>(c1, ['init', '--branch', 'main']);

    expect(result).toMatchObject({
      remote: 'origin',
      branch: 'main',
      branchReason: 'flag',
      branchCreated: false,
      checkoutUpdated: true,
      hooks: { mode: 'git' },
    });
    expect(result.written).toEqual(SKELETON);
    const tip = await remoteTip(sandbox, 'main');
    expect(result.commit).toBe(tip);
    expect(await sandbox.git(sandbox.remote, 'rev-parse', `${tip}^`)).toBe(before);
    expect(await sandbox.git(sandbox.remote, 'log', '-1', '--format=%s', tip)).toBe(
      'chore: init lanes coordination on main',
    );

    // project.json keeps the project's fields, their order and the file's indentation.
    const text = await sandbox.git(sandbox.remote, 'show', 'main:project.json');
    expect(text).toMatch(/^\{\n {4}"name": "acme",\n {4}"version": "1.0.0",\n {4}"private": true,/);
    const written = JSON.parse(text) as { agents: Record<string, unknown> };
    expect(Object.keys(written)).toEqual(['name', 'version', 'private', 'agents']);
    expect(written.agents).toMatchObject({
      multiSession: true,
      coordination: { remote: 'origin', branch: 'main', prePush: 'block' },
    });
    expect(written.agents.mergeQueue).not.toHaveProperty('qualityCheck');
    expect(await remoteJson(sandbox, 'main', 'docs/session-locks.json')).toEqual({ sessions: [] });
    expect(await sandbox.git(sandbox.remote, 'show', 'main:docs/lanes-agents.md')).toBe(
      (await readFile(TEMPLATE, 'utf8')).trimEnd(),
    );

    // The local part: checkout fast-forwarded, coordinates recorded, config cached, hooks.
    expect(await sandbox.git(c1, 'rev-parse', 'HEAD')).toBe(tip);
    expect(await gitConfig(sandbox, c1, 'lanes.branch')).toBe('main');
    expect(await gitConfig(sandbox, c1, 'lanes.remote')).toBe('origin');
    const cached = JSON.parse(await readFile(join(c1, '.git/lanes/config.json'), 'utf8'));
    expect(cached).toMatchObject({ multiSession: true });
    expect(await hookFile(c1)).toContain('lanes');
    const validate = await runLanes(c1, ['validate', '--json']);
    expect(validate.json).toMatchObject({ ok: true });
  });

  it('is idempotent: a second run, without the flag, keeps main, commits nothing and says so', async () => {
    const [c1] = clones as [string];
    const tip = await remoteTip(sandbox, 'main');
    const again = await runLanes(c1, ['init']);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('already initialized on origin/main: nothing to commit');
    expect(again.stdout).toContain("on main: this clone's git config names it");
    expect(await remoteTip(sandbox, 'main')).toBe(tip);
  });

  it('in another clone, without the flag, finds the state on main and does only the local part', async () => {
    const c2 = clones[1]!;
    const tip = await remoteTip(sandbox, 'main');
    const result = await lanesJson<InitJson>(c2, ['init', '--no-hooks']);
    expect(result).toMatchObject({
      branch: 'main',
      branchReason: 'main-has-state',
      commit: null,
      checkoutUpdated: true,
      hooks: null,
    });
    expect(await remoteTip(sandbox, 'main')).toBe(tip);
    expect(await sandbox.git(c2, 'rev-parse', 'HEAD')).toBe(tip);
    expect(await gitConfig(sandbox, c2, 'lanes.branch')).toBe('main');
    await expect(hookFile(c2)).rejects.toThrow();
  });

  it('refuses a malformed branch name or an unknown remote, changing nothing', async () => {
    const c3 = clones[2]!;
    const bad = await expectRefused(sandbox, c3, ['init', '--branch', 'bad..name'], 2, 'E_USAGE');
    expect(bad.message).toContain('--branch');
    const remote = await expectRefused(sandbox, c3, ['init', '--remote', 'nowhere'], 1, 'E_REMOTE');
    expect(remote.message).toContain('nowhere');
    expect(await gitConfig(sandbox, c3, 'lanes.branch')).toBeNull();
  });
});

describe('lanes init --branch lanes (a dedicated coordination branch)', () => {
  let sandbox: Sandbox;
  const project = `${JSON.stringify({
    name: 'acme',
    agents: { heartbeatTimeoutMinutes: 30, mergeQueue: { qualityCheck: 'npm test' } },
  })}\n`;

  beforeAll(async () => {
    sandbox = await createSandbox({ clones: 2, files: { 'project.json': project } });
  });
  afterAll(() => sandbox.cleanup());

  it('refuses coordinating commands before init', async () => {
    const [c1] = sandbox.clones as [string];
    await expectRefused(sandbox, c1, ['claim'], 3, 'E_NOT_INITIALIZED');
  });

  it('creates the branch from main, leaves main and the checkout alone', async () => {
    const [c1, c2] = sandbox.clones as [string, string];
    const main = await remoteTip(sandbox, 'main');
    const head = await sandbox.git(c1, 'rev-parse', 'HEAD');

    const result = await lanesJson<InitJson>(c1, ['init', '--branch', 'lanes', '--no-hooks']);

    expect(result).toMatchObject({ branch: 'lanes', branchCreated: true, checkoutUpdated: false });
    const lanes = await remoteTip(sandbox, 'lanes');
    expect(await sandbox.git(sandbox.remote, 'rev-parse', `${lanes}^`)).toBe(main);
    expect(await remoteTip(sandbox, 'main')).toBe(main);
    expect(await sandbox.git(c1, 'rev-parse', 'HEAD')).toBe(head);
    expect(await sandbox.git(c1, 'branch', '--show-current')).toBe('main');
    expect(await gitConfig(sandbox, c1, 'lanes.branch')).toBe('lanes');

    // The section someone wrote is kept; coordination is switched on and pointed here.
    const { agents } = await remoteJson<{ agents: Record<string, unknown> }>(
      sandbox,
      'lanes',
      'project.json',
    );
    expect(agents).toEqual({
      heartbeatTimeoutMinutes: 30,
      mergeQueue: { qualityCheck: 'npm test' },
      multiSession: true,
      coordination: { remote: 'origin', branch: 'lanes' },
    });

    const second = await lanesJson<InitJson>(c2, ['init', '--branch', 'lanes', '--no-hooks']);
    expect(second).toMatchObject({ commit: null, branchCreated: false });
    expect(await remoteTip(sandbox, 'lanes')).toBe(lanes);
    expect(await gitConfig(sandbox, c2, 'lanes.branch')).toBe('lanes');
  });
});

describe('lanes init without --branch: the state on lanes/state, main left clean', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await createSandbox({ clones: 2, files: { 'project.json': '{"name": "acme"}\n' } });
  });
  afterAll(() => sandbox.cleanup());

  it('creates lanes/state from main and says why it chose it', async () => {
    const [c1] = sandbox.clones as [string];
    const main = await remoteTip(sandbox, 'main');
    const result = await runLanes(c1, ['init', '--no-hooks', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.json).toMatchObject({
      branch: 'lanes/state',
      branchReason: 'default',
      branchCreated: true,
      checkoutUpdated: false,
    });
    expect(await remoteTip(sandbox, 'main')).toBe(main);
    expect(await sandbox.git(sandbox.remote, 'rev-parse', 'lanes/state^')).toBe(main);
    const { agents } = await remoteJson<{ agents: { coordination: Record<string, unknown> } }>(
      sandbox,
      'lanes/state',
      'project.json',
    );
    expect(agents.coordination).toMatchObject({ remote: 'origin', branch: 'lanes/state' });
    expect(await gitConfig(sandbox, c1, 'lanes.branch')).toBe('lanes/state');

    const text = await runLanes(c1, ['init', '--no-hooks']);
    expect(text.stdout).toContain('already initialized on origin/lanes/state');
    // Other clones need no flag: they find lanes/state by themselves.
    expect(text.stdout).toContain("every other clone runs 'lanes init' once");
  });

  it('in a clone made before, finds the branch on the remote without a flag', async () => {
    const c2 = sandbox.clones[1]!;
    const tip = await remoteTip(sandbox, 'lanes/state');
    const result = await lanesJson<InitJson>(c2, ['init', '--no-hooks']);
    expect(result).toMatchObject({
      branch: 'lanes/state',
      branchReason: 'state-branch',
      commit: null,
      branchCreated: false,
    });
    expect(await remoteTip(sandbox, 'lanes/state')).toBe(tip);
  });

  it('a fresh clone that never ran init coordinates through lanes/state', async () => {
    const fresh = await sandbox.addClone('fresh');
    expect(await lanesJson(fresh, ['validate'])).toMatchObject({
      ok: true,
      source: 'origin/lanes/state',
    });
    expect(await gitConfig(sandbox, fresh, 'lanes.branch')).toBeNull();
  });
});

describe('lanes init where project.json names main', () => {
  it('keeps the state on main', async () => {
    const named = { name: 'acme', agents: { coordination: { branch: 'main' } } };
    const sandbox = await createSandbox({ files: { 'project.json': JSON.stringify(named) } });
    try {
      const [c1] = sandbox.clones as [string];
      const result = await lanesJson<InitJson>(c1, ['init', '--no-hooks']);
      expect(result).toMatchObject({ branch: 'main', branchReason: 'project.json' });
      expect(await remoteJson(sandbox, 'main', 'docs/session-locks.json')).toEqual({
        sessions: [],
      });
      const branches = await sandbox.git(sandbox.remote, 'branch', '--list', 'lanes/*');
      expect(branches).toBe('');
    } finally {
      await sandbox.cleanup();
    }
  });
});

describe('lanes init on a broken remote', () => {
  it('refuses to rewrite a project.json it cannot read, changing nothing', async () => {
    const sandbox = await createSandbox({ clones: 2 });
    try {
      const [c1, c2] = sandbox.clones as [string, string];
      await sandbox.commit(c2, 'broken config', { 'project.json': '{"name": "acme",\n' });
      await sandbox.git(c2, 'push', '-q', 'origin', 'main');

      const error = await expectRefused(sandbox, c1, ['init'], 4, 'E_INVALID_STATE');
      expect(error.message).toContain('project.json');
      expect(error.problems).toEqual([
        expect.objectContaining({ file: 'project.json', code: 'json-parse' }),
      ]);
      expect(await gitConfig(sandbox, c1, 'lanes.branch')).toBeNull();
      await expect(hookFile(c1)).rejects.toThrow();
    } finally {
      await sandbox.cleanup();
    }
  });
});

describe('lanes init where project.json has an agents section already', () => {
  const withAgents = (mergeQueue?: Record<string, unknown>) =>
    `${JSON.stringify(
      {
        name: 'acme',
        agents: {
          multiSession: false,
          coordination: { prePush: 'warn' },
          ...(mergeQueue ? { mergeQueue } : {}),
        },
      },
      null,
      2,
    )}\n`;
  const files = (project: string) => ({
    'project.json': project,
    'package.json': '{ "name": "acme", "private": true }\n',
    'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
  });

  it('proposes mergeQueue.setup from the lockfile when the section has none, and says so', async () => {
    const sandbox = await createSandbox({ clones: 1, files: files(withAgents()) });
    try {
      const clone = sandbox.clones[0]!;
      const result = await lanesJson(clone, ['init', '--branch', 'main', '--no-hooks']);
      const setup = 'pnpm install --frozen-lockfile --prefer-offline';
      expect(result).toMatchObject({ setupProposed: { setup, lockfile: 'pnpm-lock.yaml' } });
      const agents = (
        await remoteJson<{ agents: Record<string, Record<string, unknown>> }>(
          sandbox,
          'main',
          'project.json',
        )
      ).agents;
      expect(agents.mergeQueue).toEqual({ setup });
      expect(agents.coordination).toMatchObject({ prePush: 'warn', branch: 'main' });
      const text = await runLanes(clone, ['init', '--branch', 'main', '--no-hooks']);
      expect(text.stdout).not.toContain('mergeQueue.setup');
    } finally {
      await sandbox.cleanup();
    }
  });

  it('never replaces a setup that is there', async () => {
    const mergeQueue = { strategy: 'squash', setup: 'make deps' };
    const sandbox = await createSandbox({ clones: 1, files: files(withAgents(mergeQueue)) });
    try {
      const clone = sandbox.clones[0]!;
      const result = await runLanes(clone, ['init', '--branch', 'main', '--no-hooks']);
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout).not.toContain('mergeQueue.setup');
      const agents = (
        await remoteJson<{ agents: Record<string, unknown> }>(sandbox, 'main', 'project.json')
      ).agents;
      expect(agents.mergeQueue).toEqual(mergeQueue);
    } finally {
      await sandbox.cleanup();
    }
  });
});
