import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { createSandbox, run, sandboxEnv, type RunResult, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './hooks-fixture.js';

// What a user does to adopt lanes, with the one package a user installs: `pnpm pack` of
// packages/cli (no other lanes tarball), installed into fresh npm and pnpm repositories
// that already run husky 9, lint-staged and commitlint from the registry. Then: lanes
// init, a PRD, a claim, commits (the heartbeat reaches the remote) and pushes (pre-push
// checks them); an upgrade to another tarball; a teammate's clone that only ran its
// package manager's install. The repository's own hooks keep running throughout.
// (yarn is not installed on the machines that run this, so it is not covered.)

const cliDir = fileURLToPath(new URL('..', import.meta.url));
const TOOLS = [
  'husky@9',
  'lint-staged@16',
  '@commitlint/cli@19',
  '@commitlint/config-conventional@19',
];

/** The environment for a package manager: the sandbox's, without what a running pnpm/npm exported. */
function pmEnv(): NodeJS.ProcessEnv {
  const env = sandboxEnv();
  for (const name of Object.keys(env)) {
    if (/^(npm_|pnpm_)/i.test(name)) delete env[name];
  }
  return env;
}

interface PackageManager {
  name: 'npm' | 'pnpm';
  lockFile: string;
  add(cwd: string, ...packages: string[]): Promise<RunResult>;
  install(cwd: string): Promise<RunResult>;
  lanes(cwd: string, ...args: string[]): Promise<RunResult>;
}

const pm = (file: string, args: string[], cwd: string) =>
  run(file, args, { cwd, env: pmEnv(), timeoutMs: 240_000 });

const npm: PackageManager = {
  name: 'npm',
  lockFile: 'package-lock.json',
  add: (cwd, ...packages) => pm('npm', ['install', '-D', ...packages, ...NPM_FLAGS], cwd),
  install: (cwd) => npmInstall(cwd),
  lanes: (cwd, ...args) => pm('npx', ['--no', '--', 'lanes', ...args], cwd),
};

/**
 * --prefer-offline trusts npm's cached package metadata: when that was cached before a
 * version the lock file names was published, npm answers ETARGET without asking the
 * registry. Asked again online, it installs (what a teammate would do).
 */
async function npmInstall(cwd: string): Promise<RunResult> {
  const first = await pm('npm', ['install', ...NPM_FLAGS], cwd);
  if (first.exitCode === 0 || !first.stderr.includes('ETARGET')) return first;
  const online = NPM_FLAGS.filter((flag) => flag !== '--prefer-offline');
  return pm('npm', ['install', ...online, '--prefer-online'], cwd);
}
const NPM_FLAGS = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];

const pnpm: PackageManager = {
  name: 'pnpm',
  lockFile: 'pnpm-lock.yaml',
  add: (cwd, ...packages) => pm('pnpm', ['add', '-D', ...packages, '--prefer-offline'], cwd),
  install: (cwd) => pm('pnpm', ['install', '--prefer-offline'], cwd),
  lanes: (cwd, ...args) => pm('pnpm', ['exec', 'lanes', ...args], cwd),
};

function ok(result: RunResult, what: string): RunResult {
  expect(result.exitCode, `${what}:\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result;
}

let packs: string;
let tarball: string;
let upgraded: string;

beforeAll(async () => {
  packs = await mkdtemp(join(tmpdir(), 'lanes-packs-'));
  ok(await pm('pnpm', ['pack', '--pack-destination', packs], cliDir), 'pnpm pack');
  const { version } = JSON.parse(await readFile(join(cliDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  tarball = join(packs, `lanes-cli-${version}.tgz`);
  // The upgrade: the same package with a later version, packed into another folder.
  const unpacked = join(packs, 'unpacked');
  await mkdir(unpacked);
  ok(await run('tar', ['xzf', tarball, '-C', unpacked], { cwd: packs }), 'tar');
  const manifestPath = join(unpacked, 'package', 'package.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
  await writeFile(manifestPath, JSON.stringify({ ...manifest, version: '99.0.0' }, null, 2));
  await mkdir(join(packs, 'later'));
  ok(
    await pm(
      'npm',
      ['pack', '--pack-destination', join(packs, 'later'), '--loglevel=error'],
      join(unpacked, 'package'),
    ),
    'npm pack (upgrade)',
  );
  upgraded = join(packs, 'later', 'lanes-cli-99.0.0.tgz');
}, 180_000);

afterAll(() => rm(packs, { recursive: true, force: true }));

describe('the packed package', () => {
  it('is one self-contained package: the bin, the bundles, the agent guide, no dependencies', async () => {
    const listed = await run('tar', ['tzf', tarball], { cwd: packs });
    expect(listed.stdout.split('\n').filter(Boolean).sort()).toEqual([
      'package/bin/lanes.js',
      'package/dist/lanes-mcp.mjs',
      'package/dist/lanes-simple-git.mjs',
      'package/dist/lanes.mjs',
      'package/package.json',
      'package/templates/lanes-agents.md',
    ]);
    const manifest = JSON.parse(
      (await run('tar', ['xzOf', tarball, 'package/package.json'], { cwd: packs })).stdout,
    ) as Record<string, unknown>;
    expect(manifest.name).toBe('@lanes/cli');
    expect(manifest.bin).toEqual({ lanes: './bin/lanes.js' });
    expect(manifest.dependencies).toBeUndefined();
  });
});

describe.each([npm, pnpm])(
  'lanes in a $name repository with husky, lint-staged and commitlint',
  (tool) => {
    let sandbox: Sandbox;
    let clone: string;
    let sessionId: string;
    let branch: string;

    /** Writes files and commits them; git runs the repository's hooks and lanes'. */
    async function commit(cwd: string, message: string, files: Record<string, string> = {}) {
      for (const [path, content] of Object.entries(files)) await sandbox.write(cwd, path, content);
      await sandbox.git(cwd, 'add', '-A');
      return run('git', ['commit', '-q', '-m', message], {
        cwd,
        env: sandboxEnv(),
        timeoutMs: 120_000,
      });
    }
    const push = (cwd: string, ...args: string[]) =>
      run('git', ['push', '-q', 'origin', ...args], { cwd, env: sandboxEnv(), timeoutMs: 120_000 });
    const lintLog = async (cwd: string) =>
      (await readFile(join(cwd, 'lint.log'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
    const currentStory = async (session: string) => {
      const locks = JSON.parse(
        // lanes init's default: the state on lanes/state, main only gets the work.
        await sandbox.git(sandbox.remote, 'show', 'lanes/state:docs/session-locks.json'),
      ) as { sessions: { sessionId: string; currentStory?: string | null }[] };
      return locks.sessions.find((lock) => lock.sessionId === session)?.currentStory ?? undefined;
    };
    const storyReaches = (session: string, story: string) =>
      eventually(
        async () => ((await currentStory(session)) === story ? story : undefined),
        `${story} in ${session}'s lock on the remote`,
        90_000,
      );
    /** A push of a commit that edits a lanes-owned file: pre-push must refuse it. */
    async function expectPrePushBlocks(cwd: string, ref: string) {
      // The worktree has no locks file of its own: the state lives on lanes/state.
      const locks = await readFile(join(cwd, 'docs/session-locks.json'), 'utf8').catch(
        () => '{ "sessions": [] }',
      );
      ok(
        await commit(cwd, 'chore: edit the locks by hand', {
          'docs/session-locks.json': `${locks} `,
        }),
        'commit',
      );
      try {
        const pushed = await push(cwd, ref);
        expect(pushed.exitCode, pushed.stderr).not.toBe(0);
        expect(pushed.stderr).toMatch(
          /changes docs\/session-locks\.json: these files change only through lanes/,
        );
      } finally {
        await sandbox.git(cwd, 'reset', '-q', '--hard', 'HEAD~1');
      }
    }

    beforeAll(async () => {
      sandbox = await createSandbox({ clones: 1 });
      clone = sandbox.clones[0]!;
      // The tarballs sit beside the clones, so package.json's relative file: path works in each.
      await mkdir(join(sandbox.root, 'tarballs'));
      await writeFile(join(sandbox.root, 'tarballs', 'lanes.tgz'), await readFile(tarball));
      await writeFile(join(sandbox.root, 'tarballs', 'lanes-later.tgz'), await readFile(upgraded));
      for (const [path, content] of Object.entries({
        'package.json': `${JSON.stringify(
          {
            name: `${tool.name}-app`,
            private: true,
            scripts: { prepare: 'husky' },
            'lint-staged': { '*.txt': 'node record-lint.mjs' },
          },
          null,
          2,
        )}\n`,
        'record-lint.mjs':
          "import { appendFileSync } from 'node:fs';\nimport { basename } from 'node:path';\nappendFileSync('lint.log', process.argv.slice(2).map((p) => `${basename(p)}\\n`).join(''));\n",
        'commitlint.config.mjs':
          "export default { extends: ['@commitlint/config-conventional'] };\n",
        '.husky/pre-commit': 'lint-staged\n',
        '.husky/commit-msg': 'commitlint --edit "$1"\n',
        '.gitignore': 'node_modules\nlint.log\n',
      })) {
        await sandbox.write(clone, path, content);
      }
      ok(await tool.add(clone, ...TOOLS), `${tool.name} add ${TOOLS.join(' ')}`);
      ok(await pm(tool.name, ['run', 'prepare'], clone), 'husky');
      ok(await commit(clone, 'chore: set up the project'), 'the first commit');
      ok(await push(clone, 'main'), 'push main');
    }, 300_000);
    afterAll(() => sandbox?.cleanup());

    it(
      'installs with one add of the tarball; lanes init lists the files to commit and --commit commits them',
      { timeout: 300_000 },
      async () => {
        ok(await tool.add(clone, '../tarballs/lanes.tgz'), `${tool.name} add the tarball`);
        const version = ok(await tool.lanes(clone, '--version'), 'lanes --version');
        expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);

        const init = ok(await tool.lanes(clone, 'init', '--json'), 'lanes init');
        const result = JSON.parse(init.stdout) as { toCommit: string[]; hooks: { mode: string } };
        expect(result.hooks.mode).toBe('husky');
        expect([...result.toCommit].sort()).toEqual(
          [
            '.husky/post-commit',
            '.husky/post-rewrite',
            '.husky/pre-push',
            'package.json',
            tool.lockFile,
          ].sort(),
        );
        const text = ok(await tool.lanes(clone, 'init'), 'lanes init (text)');
        expect(text.stdout).toContain("run 'lanes init --commit'");

        const committed = ok(
          await tool.lanes(clone, 'init', '--commit', '--json'),
          'lanes init --commit',
        );
        const after = JSON.parse(committed.stdout) as {
          toCommit: string[];
          committed: { files: string[] };
        };
        expect(after.toCommit).toEqual([]);
        expect([...after.committed.files].sort()).toEqual([...result.toCommit].sort());
        expect(await sandbox.git(clone, 'status', '--porcelain')).toBe('');
        expect(await sandbox.git(clone, 'log', '-1', '--format=%s')).toBe(
          'chore: set up the lanes hooks',
        );
        ok(await push(clone, 'main'), 'push the hooks');
      },
    );

    it(
      'names the project’s package in the agent runtimes’ settings, and its MCP server runs from the bundle',
      { timeout: 300_000 },
      async () => {
        const installed = join(clone, 'node_modules/@lanes/cli/bin/lanes.js');
        ok(await tool.lanes(clone, 'setup', 'claude'), 'setup claude');
        ok(await tool.lanes(clone, 'setup', 'codex'), 'setup codex');
        try {
          // Never a versioned store folder (pnpm's node_modules/.pnpm/…) an upgrade removes.
          const claude = await readFile(join(clone, '.claude/settings.json'), 'utf8');
          expect(claude).toContain(
            'lanes_js=\\"$CLAUDE_PROJECT_DIR/node_modules/@lanes/cli/bin/lanes.js\\"',
          );
          const agents = await readFile(join(clone, 'AGENTS.md'), 'utf8');
          // AGENTS.md is committed: no path of this clone, the package from the top.
          expect(agents).toContain('`node node_modules/@lanes/cli/bin/lanes.js prime`');
          expect(agents).toContain(
            'args = ["<this clone>/node_modules/@lanes/cli/bin/lanes.js", "mcp"]',
          );
          expect(agents).not.toContain(clone);
          expect(`${claude}${agents}`).not.toContain('.pnpm');
        } finally {
          await rm(join(clone, '.claude'), { recursive: true, force: true });
          await rm(join(clone, 'AGENTS.md'), { force: true });
        }

        // The MCP server loads dist/lanes-mcp.mjs: the SDK is bundled, not a dependency.
        const env = Object.entries(sandboxEnv()).filter(
          (entry): entry is [string, string] => entry[1] !== undefined,
        );
        const client = new Client({ name: 'install-test', version: '1.0.0' });
        await client.connect(
          new StdioClientTransport({
            command: process.execPath,
            args: [installed, 'mcp'],
            cwd: clone,
            env: Object.fromEntries(env),
            stderr: 'ignore',
          }),
        );
        try {
          const { tools } = await client.listTools();
          expect(tools.map((listed) => listed.name)).toContain('claim');
        } finally {
          await client.close();
        }
      },
    );

    it(
      'claims a PRD; a commit pings the remote while lint-staged and commitlint still run',
      { timeout: 300_000 },
      async () => {
        const prd = (id: string) =>
          JSON.stringify({
            id,
            title: `The ${id}`,
            touches: [`src/${id}/**`],
            userStories: [
              { id: 'US-001', title: 'First' },
              { id: 'US-002', title: 'Second' },
            ],
          });
        await sandbox.write(sandbox.root, 'in/prd-model.json', prd('prd-model'));
        await sandbox.write(sandbox.root, 'in/prd-view.json', prd('prd-view'));
        for (const id of ['prd-model', 'prd-view']) {
          ok(
            await tool.lanes(
              clone,
              'prd',
              'add',
              join(sandbox.root, 'in', `${id}.json`),
              '--ready',
            ),
            `prd add ${id}`,
          );
        }
        const claimed = ok(await tool.lanes(clone, 'claim', 'prd-model', '--json'), 'claim');
        ({ sessionId, branch } = JSON.parse(claimed.stdout) as {
          sessionId: string;
          branch: string;
        });

        // commitlint (config-conventional) refuses a subject that starts with the story id…
        const refused = await commit(clone, 'US-001 add the model', {
          'src/prd-model/model.txt': 'one\n',
        });
        expect(refused.exitCode).not.toBe(0);
        expect(`${refused.stdout}${refused.stderr}`).toMatch(/type may not be empty|subject/);
        // …and takes the guide's form, with the id at the end, which the hook still finds.
        ok(await commit(clone, 'feat: add the model (US-001)'), 'commit');
        expect(await lintLog(clone)).toContain('model.txt');
        await storyReaches(sessionId, 'US-001');
      },
    );

    it('pushes the branch, pre-push checking it', { timeout: 300_000 }, async () => {
      ok(await push(clone, '-u', branch), 'push the branch');
      await expectPrePushBlocks(clone, branch);
    });

    it(
      'keeps both hooks working after an upgrade to another tarball',
      { timeout: 300_000 },
      async () => {
        const recorded = await sandbox.git(clone, 'config', '--get', 'lanes.bin');
        ok(
          await tool.add(clone, '../tarballs/lanes-later.tgz'),
          `${tool.name} add the later tarball`,
        );
        expect((await tool.lanes(clone, '--version')).stdout.trim()).toBe('99.0.0');
        // The path init recorded is where the old version ran (with pnpm a versioned store
        // folder that a later install or prune removes): gone, the hooks must not need it.
        // (npm installs in place: there the recorded path is the package's own.)
        if (recorded !== join(clone, 'node_modules/@lanes/cli/bin/lanes.js')) {
          expect(recorded).toMatch(/node_modules\/\.pnpm\//);
          await rm(dirname(dirname(recorded)), { recursive: true, force: true });
        }
        if (tool.name === 'pnpm') expect(existsSync(recorded)).toBe(false);

        ok(
          await commit(clone, 'feat: add the view of the model (US-002)', {
            'src/prd-model/view.txt': 'two\n',
          }),
          'commit',
        );
        expect(await lintLog(clone)).toContain('view.txt');
        await storyReaches(sessionId, 'US-002');
        ok(await push(clone, branch), 'push after the upgrade');
        await expectPrePushBlocks(clone, branch);
      },
    );

    it(
      'runs the hooks in a teammate’s fresh clone that only installed its dependencies',
      { timeout: 300_000 },
      async () => {
        const teammate = await sandbox.addClone('teammate');
        ok(await tool.install(teammate), `${tool.name} install`);
        expect((await sandbox.gitResult(teammate, 'config', '--get', 'lanes.bin')).stdout).toBe('');
        // Before any lanes command ran there, pre-push already checks: the clone brought
        // origin/lanes/state along, and its project.json says coordination is on.
        expect(existsSync(join(teammate, '.git/lanes'))).toBe(false);
        await expectPrePushBlocks(teammate, 'HEAD:refs/heads/scratch');
        const claimed = ok(await tool.lanes(teammate, 'claim', 'prd-view', '--json'), 'claim');
        const { sessionId: theirs, branch: theirBranch } = JSON.parse(claimed.stdout) as {
          sessionId: string;
          branch: string;
        };
        ok(
          await commit(teammate, 'feat: add the view (US-001)', { 'src/prd-view/view.txt': 'v\n' }),
          'commit',
        );
        expect(await lintLog(teammate)).toContain('view.txt');
        await storyReaches(theirs, 'US-001');
        ok(await push(teammate, '-u', theirBranch), 'push');
        await expectPrePushBlocks(teammate, theirBranch);
      },
    );
  },
);
