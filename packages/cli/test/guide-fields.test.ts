import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSandbox, runLanes, waitForProcessesUnder, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused, lanesJson, seededSandbox, type ErrorJson } from './lifecycle.js';

// The agent guide (docs/lanes-agents.md, the copy lanes init writes) is checked against
// real output: the error fields it names, and its workflow run command by command.

const GUIDE = new URL('../templates/lanes-agents.md', import.meta.url);
const readGuide = () => readFile(GUIDE, 'utf8');

/** The `error.<field>` names the guide's error table gives for a code. */
async function guideFields(code: string): Promise<string[]> {
  const guide = await readGuide();
  const row = guide.split('\n').find((line) => line.startsWith(`| \`${code}\``));
  expect(row, `the guide has a row for ${code}`).toBeDefined();
  const fields = [...row!.matchAll(/`error\.([a-zA-Z]+)`/g)].map((m) => m[1]!);
  expect(fields.length, `the guide names fields for ${code}`).toBeGreaterThan(0);
  return fields;
}

/** Every field the guide names for the error's code is on `error` itself. */
async function expectGuideFields(error: ErrorJson): Promise<void> {
  for (const field of await guideFields(error.code)) {
    expect(error, `${error.code}: error.${field}`).toHaveProperty(field);
  }
  expect(error).not.toHaveProperty('details');
}

describe("the agent guide's error fields appear in real output", () => {
  let sandbox: Sandbox;
  let c1: string;
  let c2: string;

  beforeAll(async () => {
    sandbox = await seededSandbox(
      {
        prds: [
          { id: 'prd-alpha' },
          { id: 'prd-later', dependsOn: ['prd-alpha'] },
          { id: 'prd-risky', conflictsWith: [{ prdId: 'prd-alpha', risk: 'high' }] },
        ],
        completed: [{ id: 'prd-done' }],
      },
      { clones: 2 },
    );
    [c1, c2] = sandbox.clones as [string, string];
    await lanesJson(c1, ['claim', 'alpha']);
  }, 180_000);
  afterAll(() => sandbox.cleanup());

  it.each<[string, string[]]>([
    ['E_UNKNOWN_PRD', ['claim', 'prd-nope']],
    ['E_PRD_COMPLETED', ['claim', 'prd-done']],
    ['E_ALREADY_CLAIMED', ['claim', 'alpha']],
    ['E_DEPENDENCIES_UNMET', ['claim', 'later']],
    ['E_CONFLICT_RISK', ['claim', 'risky']],
  ])(
    '%s carries the fields the guide names, directly on `error`',
    async (code, args) => {
      await expectGuideFields(await expectRefused(sandbox, c2, args, 3, code));
    },
    60_000,
  );

  it('E_NOTHING_AVAILABLE carries the fields the guide names (the risky PRD held back)', async () => {
    const error = await expectRefused(sandbox, c2, ['claim'], 3, 'E_NOTHING_AVAILABLE');
    await expectGuideFields(error);
  }, 60_000);

  it('E_LOCAL_STATE: a release from a worktree with uncommitted changes', async () => {
    await sandbox.write(c1, 'README.md', '# half done\n');
    try {
      const error = await expectRefused(sandbox, c1, ['release'], 3, 'E_LOCAL_STATE');
      await expectGuideFields(error);
      expect(error).toMatchObject({ reason: 'uncommitted changes', paths: ['README.md'] });
    } finally {
      await sandbox.git(c1, 'checkout', '--', 'README.md');
    }
  }, 60_000);

  it('E_MERGE_CONFLICT: from release and from sync, with the same recovery steps', async () => {
    await sandbox.commit(c1, 'feat: alpha (US-001)', { 'README.md': '# alpha\n' });
    await sandbox.git(c2, 'pull', '-q', '--ff-only', 'origin', 'main');
    await sandbox.commit(c2, 'docs: readme on main', { 'README.md': '# main\n' });
    await sandbox.git(c2, 'push', '-q', '--no-verify', 'origin', 'main');

    const release = await runLanes(c1, ['release', '--json'], { timeoutMs: 120_000 });
    expect(release.exitCode, release.stderr).toBe(1);
    const released = (release.json as { error: ErrorJson }).error;
    expect(released).toMatchObject({ code: 'E_MERGE_CONFLICT', files: ['README.md'] });
    await expectGuideFields(released);

    const sync = await runLanes(c1, ['sync', '--json']);
    expect(sync.exitCode, sync.stderr).toBe(1);
    const synced = (sync.json as { error: ErrorJson }).error;
    expect(synced).toMatchObject({ code: 'E_MERGE_CONFLICT', files: ['README.md'] });
    await expectGuideFields(synced);
    // The release's steps are sync's, framed by `lanes sync` and `lanes release`.
    expect(released.next).toEqual(['lanes sync', ...(synced.next as string[]), 'lanes release']);
    await sandbox.git(c1, 'rebase', '--abort');
  }, 180_000);

  it('E_INVALID_STATE: a shared document broken by hand', async () => {
    await sandbox.git(c2, 'pull', '-q', '--ff-only', 'origin', 'main');
    await sandbox.commit(c2, 'oops', { 'docs/session-locks.json': '{ "sessions": [\n' });
    await sandbox.git(c2, 'push', '-q', '--no-verify', 'origin', 'main');

    const error = await expectRefused(sandbox, c2, ['status'], 4, 'E_INVALID_STATE');
    await expectGuideFields(error);
    expect(error.problems).toEqual([
      expect.objectContaining({ file: 'docs/session-locks.json', code: 'json-parse' }),
    ]);
  }, 60_000);
});

/** The first command of the guide's workflow that starts with `prefix`, as arguments. */
async function workflowCommand(prefix: string): Promise<string[]> {
  const section = (await readGuide()).split('## The workflow')[1]!.split('\n## ')[0]!;
  const command = [...section.matchAll(/`(lanes [^`]+)`/g)]
    .map((match) => match[1]!)
    .find((span) => span.startsWith(`lanes ${prefix}`));
  expect(command, `the guide's workflow has 'lanes ${prefix}…'`).toBeDefined();
  return command!.split(' ').slice(1);
}

describe.each(['lanes/state', 'main'])(
  "the guide's workflow, run literally, with the state on %s",
  (layout) => {
    let sandbox: Sandbox;
    let person: string;
    let agent: string;
    const run = async (prefix: string) => {
      const args = await workflowCommand(prefix);
      const result = await runLanes(agent, args);
      expect(result.exitCode, `lanes ${args.join(' ')}: ${result.stdout}${result.stderr}`).toBe(0);
      return (args.includes('--json') ? result.json : undefined) as Record<string, unknown>;
    };
    // The agent's commits fire the post-commit hook, whose ping runs detached.
    const hooksSettled = () => waitForProcessesUnder(sandbox.root);

    beforeAll(async () => {
      sandbox = await createSandbox({ clones: 2 });
      [person, agent] = sandbox.clones as [string, string];
      const branch = layout === 'main' ? ['--branch', 'main'] : [];
      expect(await lanesJson(person, ['init', ...branch])).toMatchObject({ branch: layout });
      const file = join(sandbox.root, 'prd-guide.json');
      await writeFile(
        file,
        JSON.stringify({
          id: 'prd-guide',
          title: 'Guide',
          description: 'the guide, followed',
          userStories: [
            { id: 'US-001', title: 'one', passes: false },
            { id: 'US-002', title: 'two', passes: false },
          ],
        }),
      );
      await lanesJson(person, ['prd', 'add', file, '--ready']);
      // The agent's clone only installs the hooks: the guide assumes nothing more.
      expect((await runLanes(agent, ['hooks', 'install'])).exitCode).toBe(0);
    }, 180_000);
    afterAll(() => sandbox.cleanup());

    it('status → claim → show → heartbeat → sync → release', { timeout: 180_000 }, async () => {
      const status = await run('status');
      expect(status.available).toEqual([expect.objectContaining({ id: 'prd-guide' })]);
      const claim = await run('claim');
      expect(claim).toMatchObject({ prdId: 'prd-guide', branch: expect.any(String) });
      expect(await run('show')).toMatchObject({ prdId: 'prd-guide', nextStory: 'US-001' });

      await run('heartbeat --story');
      await sandbox.commit(agent, 'feat: add the model (US-002)', { 'src/model.ts': 'model\n' });
      await hooksSettled();
      await run('heartbeat --completed');
      expect(await run('show')).toMatchObject({ completedStories: ['US-002'], currentStory: null });

      // The guide's first push, as written: the claimed branch has no upstream yet.
      const section = (await readGuide()).split('## The workflow')[1]!;
      const push = /`(git push -u origin <branch>)`/.exec(section)?.[1];
      expect(push, "the guide's workflow says how to push the first time").toBeDefined();
      const pushArgs = push!
        .replace('<branch>', claim.branch as string)
        .split(' ')
        .slice(1);
      await sandbox.git(agent, ...pushArgs);
      await hooksSettled();
      const tracked = await sandbox.git(agent, 'status', '--porcelain=v2', '--branch');
      expect(tracked).toContain(`# branch.upstream origin/${claim.branch as string}`);

      // Main moves on meanwhile: sync brings the branch up to date.
      await sandbox.git(person, 'pull', '-q', '--ff-only', 'origin', 'main');
      await sandbox.commit(person, 'docs: meanwhile', { 'README.md': 'moved on\n' });
      await sandbox.git(person, 'push', '-q', 'origin', 'main');
      expect(await run('sync')).toMatchObject({ rebased: true, push: 'pushed' });
      await hooksSettled();

      expect(await run('release')).toMatchObject({ status: 'completed', worktreeBranch: 'main' });
      const ahead = await sandbox.git(agent, 'status', '--porcelain=v2', '--branch');
      expect(ahead).toContain('# branch.ab +0 -0');
      expect(await sandbox.git(sandbox.remote, 'show', 'main:src/model.ts')).toBe('model');
      // Only where the state lives on main does main carry the lanes documents.
      const locksOnMain = await sandbox.gitResult(
        sandbox.remote,
        'cat-file',
        '-e',
        'main:docs/session-locks.json',
      );
      expect(locksOnMain.exitCode === 0).toBe(layout === 'main');
    });
  },
);
