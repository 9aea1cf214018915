import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSandbox, run, sandboxEnv, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// What a user gets from npm: the packed CLI and its workspace dependencies, installed
// into a project outside this monorepo, then used on a fresh repository.

const PACKAGES = ['core', 'git', 'hooks', 'cli'] as const;
const packagesDir = fileURLToPath(new URL('../../', import.meta.url));

let sandbox: Sandbox;
let app: string;
let lanesBin: string;

beforeAll(async () => {
  sandbox = await createSandbox({ clones: 1 });
  const tarballs = join(sandbox.root, 'tarballs');
  await mkdir(tarballs);
  const files: Record<string, string> = {};
  for (const name of PACKAGES) {
    const packed = await run('pnpm', ['pack', '--pack-destination', tarballs], {
      cwd: join(packagesDir, name),
    });
    expect(packed.exitCode, packed.stderr).toBe(0);
    const version = JSON.parse(await readFile(join(packagesDir, name, 'package.json'), 'utf8'))
      .version as string;
    files[name] = `file:${join(tarballs, `lanes-${name}-${version}.tgz`)}`;
  }
  app = join(sandbox.root, 'app');
  await mkdir(app);
  await writeFile(
    join(app, 'package.json'),
    JSON.stringify({
      name: 'app',
      private: true,
      dependencies: { '@lanes/cli': files.cli },
      // The CLI names its siblings by version; point them at the packed files too.
      overrides: {
        '@lanes/core': files.core,
        '@lanes/git': files.git,
        '@lanes/hooks': files.hooks,
      },
    }),
  );
  const installed = await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
    { cwd: app, env: sandboxEnv(), timeoutMs: 120_000 },
  );
  expect(installed.exitCode, installed.stderr).toBe(0);
  lanesBin = join(app, 'node_modules', '@lanes', 'cli', 'bin', 'lanes.js');
}, 180_000);

afterAll(() => sandbox?.cleanup());

describe('the packed CLI', () => {
  it('ships only built files, the bin, the schemas and the agent guide', async () => {
    const cli = JSON.parse(
      await readFile(join(app, 'node_modules/@lanes/cli/package.json'), 'utf8'),
    ) as { bin: Record<string, string>; files: string[] };
    expect(cli.bin).toEqual({ lanes: './bin/lanes.js' });
    const schema = await readFile(
      join(app, 'node_modules/@lanes/core/schemas/session-locks.schema.json'),
      'utf8',
    );
    expect(JSON.parse(schema)).toHaveProperty('$id');
    await expect(
      readFile(join(app, 'node_modules/@lanes/cli/templates/lanes-agents.md'), 'utf8'),
    ).resolves.toContain('lanes claim');
  });

  it('runs lanes --help from the installed package', async () => {
    const help = await run(process.execPath, [lanesBin, '--help'], { cwd: app });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('usage: lanes <command>');
    expect(help.stdout).toContain('claim');
  });

  it('runs lanes init in a fresh repository outside the workspace', async () => {
    const clone = sandbox.clones[0]!;
    const init = await run(process.execPath, [lanesBin, 'init', '--json'], {
      cwd: clone,
      env: sandboxEnv(),
    });
    expect(init.exitCode, init.stderr + init.stdout).toBe(0);
    const locks = await sandbox.git(sandbox.remote, 'show', 'main:docs/session-locks.json');
    expect(JSON.parse(locks)).toEqual({ sessions: [] });
    // The installed hooks call the installed lanes, not anything in this monorepo.
    const hooksDir = await sandbox.git(clone, 'rev-parse', '--git-path', 'hooks');
    const postCommit = await readFile(join(clone, hooksDir, 'post-commit'), 'utf8');
    expect(postCommit).toContain(lanesBin);
  });
});
