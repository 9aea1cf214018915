import { createSandbox, runLanes, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectRefused,
  lanesJson,
  remoteEntry,
  remoteJson,
  remoteTip,
  seededSandbox,
} from './lifecycle.js';

// lanes prd add / prd ready on a seeded coordination branch (main): one PRD, prd-base,
// touching src/print/**, so a new PRD touching the same paths gets a conflict analysis.

const prd = (fields: Record<string, unknown>) =>
  JSON.stringify({
    title: 'Print templates',
    userStories: [
      { id: 'US-001', title: 'Model', passes: true },
      { id: 'US-002', title: 'Editor' },
      { id: 'US-003', title: 'Preview' },
    ],
    ...fields,
  });

describe('lanes prd add / prd ready', () => {
  let sandbox: Sandbox;
  let clone: string;

  beforeAll(async () => {
    sandbox = await seededSandbox({ prds: [{ id: 'prd-base', touches: ['src/print/**'] }] });
    clone = sandbox.clones[0]!;
    await sandbox.write(
      clone,
      'in/prd-print.json',
      prd({ touches: ['src/print/model.ts'], dependsOn: ['prd-base'], vendor: { kept: true } }),
    );
    await sandbox.write(clone, 'in/ready.json', prd({ id: 'prd-ready-one' }));
    await sandbox.write(clone, 'in/broken.json', '{"title": "x",\n  "userStories": [\n');
    await sandbox.write(clone, 'in/no-stories.json', JSON.stringify({ title: 'x' }));
    await sandbox.write(
      clone,
      'in/unknown-dep.json',
      prd({ id: 'prd-lonely', dependsOn: ['prd-nope', 'prd-base'] }),
    );
    await sandbox.write(clone, 'in/bad-id.json', prd({ id: 'Print Templates' }));
    await sandbox.write(clone, 'in/dup.json', prd({ id: 'prd-base' }));
  });
  afterAll(() => sandbox.cleanup());

  it('registers a draft with its stories, dependencies and conflict analysis', async () => {
    const before = await remoteTip(sandbox, 'main');
    const result = await lanesJson(clone, [
      'prd',
      'add',
      'in/prd-print.json',
      '--priority',
      'high',
    ]);

    expect(result).toMatchObject({
      prdId: 'prd-print',
      status: 'draft',
      file: 'docs/drafts/prd-print.json',
      priority: 'high',
      dependsOn: ['prd-base'],
      unmetDependencies: ['prd-base'],
      touches: ['src/print/model.ts'],
      stories: { total: 3, completed: 1 },
      conflictsWith: [{ prdId: 'prd-base', risk: 'medium' }],
    });
    const tip = await remoteTip(sandbox, 'main');
    expect(await sandbox.git(sandbox.remote, 'rev-parse', `${tip}^`)).toBe(before);
    expect(await sandbox.git(sandbox.remote, 'log', '-1', '--format=%s', tip)).toBe(
      'chore: register prd-print',
    );
    // The file lands under docs/drafts with its id filled in and its own fields kept.
    expect(await remoteJson(sandbox, 'main', 'docs/drafts/prd-print.json')).toMatchObject({
      id: 'prd-print',
      vendor: { kept: true },
    });
    expect(await remoteEntry(sandbox, 'prd-print')).toMatchObject({
      status: 'draft',
      priority: 'high',
    });
    // Both sides of the pair know about the risk.
    expect((await remoteEntry(sandbox, 'prd-base'))?.conflictsWith).toEqual([
      expect.objectContaining({ prdId: 'prd-print', risk: 'medium' }),
    ]);
    // The checkout is on the coordination branch and clean: it comes along.
    expect(await sandbox.git(clone, 'rev-parse', 'HEAD')).toBe(tip);
  });

  it('registers a PRD ready to claim with --ready', async () => {
    const result = await lanesJson(clone, ['prd', 'add', 'in/ready.json', '--ready']);
    expect(result).toMatchObject({
      prdId: 'prd-ready-one',
      status: 'ready',
      file: 'docs/prds/prd-ready-one.json',
      unmetDependencies: [],
    });
    expect(await remoteEntry(sandbox, 'prd-ready-one')).toMatchObject({
      status: 'ready',
      priority: 'medium',
    });
  });

  it('a ready PRD whose dependencies are open says it waits for them, not to claim it', async () => {
    await sandbox.write(clone, 'in/waits.json', prd({ id: 'prd-waits', dependsOn: ['prd-base'] }));
    const added = await runLanes(clone, ['prd', 'add', 'in/waits.json', '--ready']);
    expect(added.exitCode).toBe(0);
    expect(added.stdout).toContain('depends on prd-base');
    expect(added.stdout).toContain(
      'next: waiting until prd-base is completed; then lanes claim prd-waits',
    );
    expect(added.stdout).not.toContain('starts working on it');
    const claim = await runLanes(clone, ['claim', 'prd-waits', '--json']);
    expect(claim.json).toMatchObject({
      error: { code: 'E_DEPENDENCIES_UNMET', missing: ['prd-base'] },
    });
  });

  it('refuses bad PRD files naming the file and the field, registering nothing', async () => {
    const missing = await expectRefused(
      sandbox,
      clone,
      ['prd', 'add', 'in/none.json'],
      2,
      'E_USAGE',
    );
    expect(missing.message).toContain('in/none.json');

    const broken = await expectRefused(
      sandbox,
      clone,
      ['prd', 'add', 'in/broken.json'],
      4,
      'E_INVALID_STATE',
    );
    expect(broken.message).toContain('in/broken.json');
    expect(broken.problems).toEqual([
      expect.objectContaining({ file: 'in/broken.json', code: 'json-parse', line: 3 }),
    ]);

    const schema = await expectRefused(
      sandbox,
      clone,
      ['prd', 'add', 'in/no-stories.json'],
      4,
      'E_INVALID_STATE',
    );
    expect(schema.message).toContain('in/no-stories.json');
    expect(JSON.stringify(schema.problems)).toContain('userStories');

    const badId = await expectRefused(
      sandbox,
      clone,
      ['prd', 'add', 'in/bad-id.json'],
      4,
      'E_INVALID_STATE',
    );
    expect(badId.message).toContain('at /id');
    expect(badId.message).toContain('Print Templates');

    await expectRefused(
      sandbox,
      clone,
      ['prd', 'add', 'in/ready.json', '--priority', 'urgent'],
      2,
      'E_USAGE',
    );
    await expectRefused(sandbox, clone, ['prd', 'add'], 2, 'E_USAGE');
  });

  it('refuses unknown dependencies and duplicate ids', async () => {
    const unknown = await expectRefused(
      sandbox,
      clone,
      ['prd', 'add', 'in/unknown-dep.json'],
      2,
      'E_USAGE',
    );
    expect(unknown.missing).toEqual(['prd-nope']);
    const duplicate = await expectRefused(
      sandbox,
      clone,
      ['prd', 'add', 'in/dup.json'],
      2,
      'E_USAGE',
    );
    expect(duplicate.message).toContain('prd-base is already registered');
  });

  it('promotes a draft: moved to docs/prds, status ready; a second time changes nothing', async () => {
    const result = await lanesJson(clone, ['prd', 'ready', 'print']);
    expect(result).toMatchObject({
      prdId: 'prd-print',
      status: 'ready',
      file: 'docs/prds/prd-print.json',
      changed: true,
      unmetDependencies: ['prd-base'],
    });
    const files = await sandbox.git(
      sandbox.remote,
      'ls-tree',
      '-r',
      '--name-only',
      'main',
      'docs/',
    );
    expect(files).toContain('docs/prds/prd-print.json');
    expect(files).not.toContain('docs/drafts/prd-print.json');
    expect(await remoteEntry(sandbox, 'prd-print')).toMatchObject({
      status: 'ready',
      file: 'docs/prds/prd-print.json',
    });

    const tip = await remoteTip(sandbox, 'main');
    const again = await runLanes(clone, ['prd', 'ready', 'prd-print']);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('nothing to commit');
    // Not `lanes claim prd-print` at once: the claim would be refused until prd-base lands.
    expect(again.stdout).toContain(
      'next: waiting until prd-base is completed; then lanes claim prd-print',
    );
    expect(await remoteTip(sandbox, 'main')).toBe(tip);
  });

  it('refuses to promote an unknown PRD or a malformed id', async () => {
    const unknown = await expectRefused(
      sandbox,
      clone,
      ['prd', 'ready', 'prd-nope'],
      3,
      'E_UNKNOWN_PRD',
    );
    expect(unknown.prdId).toBe('prd-nope');
    await expectRefused(sandbox, clone, ['prd', 'ready', 'Not An Id'], 2, 'E_USAGE');
  });
});

// Issue 26: a PRD file written where lanes registers it (docs/prds/<id>.json) was left
// untracked beside the registered copy; the next `claim` could not switch branches over
// it and wrote a claim + undo pair.
describe.each(['main', 'lanes/state'])(
  'lanes prd add of a file at its registered path (coordination on %s)',
  (branch) => {
    let sandbox: Sandbox;
    afterAll(() => sandbox.cleanup());

    it('leaves nothing behind that blocks the next checkout; claim then works at once', async () => {
      sandbox = await createSandbox({ clones: 1 });
      const clone = sandbox.clones[0]!;
      await lanesJson(clone, ['init', '--branch', branch]);
      const file = 'docs/prds/prd-foo.json';
      await sandbox.write(clone, file, prd({ id: 'prd-foo' }));

      const added = await lanesJson(clone, ['prd', 'add', file, '--ready']);
      expect(added).toMatchObject({ prdId: 'prd-foo', file, removedCopy: file });
      expect(await sandbox.git(clone, 'status', '--porcelain', '--untracked-files=all')).toBe('');
      const registered = await remoteJson(sandbox, branch, file);
      expect(registered).toMatchObject({ id: 'prd-foo', title: 'Print templates' });

      const before = await sandbox.git(sandbox.remote, 'log', '--format=%s', branch);
      const claim = await runLanes(clone, ['claim', 'prd-foo', '--json']);
      expect(claim.exitCode, claim.stdout + claim.stderr).toBe(0);
      const after = await sandbox.git(sandbox.remote, 'log', '--format=%s', branch);
      const written = after.split('\n').slice(0, -before.split('\n').length);
      expect(written.filter((subject) => /undo/.test(subject))).toEqual([]);
      expect(await sandbox.git(clone, 'branch', '--show-current')).toBe('feature/foo');
    }, 120_000);

    it('keeps a PRD file that is not at the registered path, and says nothing was removed', async () => {
      const clone = sandbox.clones[0]!;
      await sandbox.write(clone, 'notes/prd-bar.json', prd({ id: 'prd-bar' }));
      const added = await lanesJson(clone, ['prd', 'add', 'notes/prd-bar.json']);
      expect(added).toMatchObject({ prdId: 'prd-bar', removedCopy: null });
      expect(await sandbox.git(clone, 'status', '--porcelain')).toBe('?? notes/');
    }, 120_000);
  },
);
