import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSandbox, run, sandboxEnv, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatStamp } from '../src/git-dir-files.js';
import {
  HOOK_NAMES,
  hookScript,
  withHuskyBlock,
  type HookName,
} from '../src/install/hook-scripts.js';
import { PACKAGE_BIN } from '../src/install/shell-decisions.js';

// The scripts run under sh against a real repository, with a fake `node` first on the
// PATH that records how it was called: what matters here is when node starts at all.

const FAKE_NODE = `#!/bin/sh
printf '%s\\n' "$*" >>"$LANES_TEST_RECORD"
cat >>"$LANES_TEST_RECORD.stdin"
exit "\${LANES_TEST_EXIT:-0}"
`;

let sandbox: Sandbox;
let repo: string;
let bin: string;
let tools: string;
let record: string;
let gitDir: string;

async function calls(): Promise<string[]> {
  const text = await readFile(record, 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean);
}

async function runScript(
  script: string,
  args: string[] = [],
  options: { env?: Record<string, string>; input?: string } = {},
) {
  const file = join(sandbox.root, 'hook-under-test');
  await writeFile(file, script, { mode: 0o755 });
  return run('sh', [file, ...args], {
    cwd: repo,
    env: sandboxEnv({
      PATH: `${tools}:${process.env.PATH ?? ''}`,
      LANES_TEST_RECORD: record,
      ...options.env,
    }),
    ...(options.input === undefined ? {} : { input: options.input }),
  });
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
const stamp = (secondsAgo: number, story?: string) =>
  formatStamp(
    {
      at: new Date((nowSeconds() - secondsAgo) * 1000).toISOString(),
      ...(story ? { story } : {}),
    },
    60,
  );

beforeAll(async () => {
  sandbox = await createSandbox();
  repo = sandbox.clones[0]!;
  gitDir = join(repo, '.git');
  tools = join(sandbox.root, 'tools');
  await mkdir(tools);
  await writeFile(join(tools, 'node'), FAKE_NODE);
  await chmod(join(tools, 'node'), 0o755);
  bin = join(sandbox.root, 'lanes', 'bin', 'lanes.js');
  await sandbox.write(sandbox.root, 'lanes/bin/lanes.js', '// stand-in\n');
  // The path `lanes hooks install` records; the repository has no node_modules.
  await sandbox.git(repo, 'config', 'lanes.bin', bin);
  record = join(sandbox.root, 'record');
});
afterAll(() => sandbox.cleanup());

beforeEach(async () => {
  await rm(record, { force: true });
  await rm(`${record}.stdin`, { force: true });
  await rm(join(gitDir, 'lanes'), { recursive: true, force: true });
  await rm(join(gitDir, 'rebase-merge'), { recursive: true, force: true });
});

/** A stand-in `lanes` executable that records its calls, in a folder of its own. */
async function withPathLanes(): Promise<string> {
  const dir = join(sandbox.root, 'on-path');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'lanes'), FAKE_NODE.replace('\'%s\\n\' "$*"', '\'lanes %s\\n\' "$*"'));
  await chmod(join(dir, 'lanes'), 0o755);
  return dir;
}

async function claim(): Promise<void> {
  await mkdir(join(gitDir, 'lanes'), { recursive: true });
  await writeFile(join(gitDir, 'lanes', 'claim.json'), '{}\n');
}

async function commitWithSubject(subject: string): Promise<void> {
  await sandbox.git(repo, 'commit', '-q', '--allow-empty', '--no-verify', '-m', subject);
}

describe('post-commit in sh', () => {
  const script = () => hookScript('post-commit');

  it('starts no node without a claim, or with LANES_SKIP_HOOKS=1', async () => {
    expect((await runScript(script())).exitCode).toBe(0);
    await claim();
    await runScript(script(), [], { env: { LANES_SKIP_HOOKS: '1' } });
    expect(await calls()).toEqual([]);
  });

  it('starts node for a claimed worktree without a recent ping', async () => {
    await claim();
    expect((await runScript(script())).exitCode).toBe(0);
    await writeFile(join(gitDir, 'lanes', 'heartbeat-stamp'), stamp(61));
    await runScript(script());
    expect(await calls()).toEqual([`${bin} hook post-commit`, `${bin} hook post-commit`]);
  });

  it('stays in sh within the interval unless the subject names a new story', async () => {
    await claim();
    await writeFile(join(gitDir, 'lanes', 'heartbeat-stamp'), stamp(5, 'US-002'));
    await commitWithSubject('fix a typo');
    await runScript(script());
    await commitWithSubject('feat: US-002 more of the same story');
    await runScript(script());
    expect(await calls()).toEqual([]);
    await commitWithSubject('feat: US-003 the next story');
    await runScript(script());
    expect(await calls()).toHaveLength(1);
  });

  it('distrusts a stamp it cannot read, and one from the future', async () => {
    await claim();
    await writeFile(join(gitDir, 'lanes', 'heartbeat-stamp'), 'garbage\n');
    await runScript(script());
    await writeFile(join(gitDir, 'lanes', 'heartbeat-stamp'), stamp(-3600));
    await runScript(script());
    expect(await calls()).toHaveLength(2);
  });

  it('stays quiet while a rebase replays commits', async () => {
    await claim();
    await mkdir(join(gitDir, 'rebase-merge'));
    await runScript(script());
    expect(await calls()).toEqual([]);
  });

  it('finds the git dir of a linked worktree from GIT_DIR or the .git file', async () => {
    const other = join(sandbox.root, 'other-gitdir');
    await mkdir(join(other, 'lanes'), { recursive: true });
    await writeFile(join(other, 'lanes', 'claim.json'), '{}\n');
    // Not a real git dir, so no git config: lanes comes from the PATH.
    const path = `${tools}:${await withPathLanes()}:${process.env.PATH ?? ''}`;
    await runScript(script(), [], { env: { GIT_DIR: other, PATH: path } });
    expect(await calls()).toHaveLength(1);

    const linked = join(sandbox.root, 'linked');
    await mkdir(linked);
    await writeFile(join(linked, '.git'), `gitdir: ${other}\n`);
    const file = join(sandbox.root, 'linked-hook');
    await writeFile(file, script(), { mode: 0o755 });
    await run('sh', [file], {
      cwd: linked,
      env: sandboxEnv({ PATH: path, LANES_TEST_RECORD: record }),
    });
    expect(await calls()).toHaveLength(2);
  });
});

describe('post-rewrite in sh', () => {
  it('pings once after a rebase, however recent the last ping, and throttles an amend', async () => {
    const script = hookScript('post-rewrite');
    await claim();
    await mkdir(join(gitDir, 'rebase-merge'));
    await writeFile(join(gitDir, 'lanes', 'heartbeat-stamp'), stamp(1));
    await runScript(script, ['rebase']);
    await runScript(script, ['amend']);
    expect(await calls()).toEqual([`${bin} hook post-rewrite rebase`]);
  });
});

const lines = 'refs/heads/x 1111 refs/heads/x 0000\n';

describe('pre-push in sh', () => {
  it('pushes a solo repository without node, still running a chained hook on the same stdin', async () => {
    const hooks = join(sandbox.root, 'hooks-solo');
    await mkdir(hooks, { recursive: true });
    const file = join(hooks, 'pre-push');
    await writeFile(file, hookScript('pre-push'), { mode: 0o755 });
    await writeFile(
      join(hooks, 'pre-push.lanes-chained'),
      `#!/bin/sh\ncat >>"$LANES_TEST_RECORD.stdin"\necho chained "$@" >>"$LANES_TEST_RECORD"\n`,
      { mode: 0o755 },
    );
    const result = await run('sh', [file, 'origin', 'url'], {
      cwd: repo,
      env: sandboxEnv({ PATH: `${tools}:${process.env.PATH ?? ''}`, LANES_TEST_RECORD: record }),
      input: lines,
    });
    expect(result.exitCode).toBe(0);
    expect(await calls()).toEqual(['chained origin url']);
    expect(await readFile(`${record}.stdin`, 'utf8')).toBe(lines);
  });

  it('starts node in a fresh clone that only knows the remote’s lanes/state', async () => {
    const head = await sandbox.git(repo, 'rev-parse', 'HEAD');
    await sandbox.git(repo, 'update-ref', 'refs/remotes/origin/lanes/state', head);
    try {
      const result = await runScript(hookScript('pre-push'), ['origin', 'url'], { input: lines });
      expect(result.exitCode).toBe(0);
      expect(await calls()).toEqual([`${bin} hook pre-push origin url`]);
    } finally {
      await sandbox.git(repo, 'update-ref', '-d', 'refs/remotes/origin/lanes/state');
    }
  });

  it('blocks only on lanes’ blocked exit; any other failure lets the push go with a note', async () => {
    await sandbox.write(repo, 'project.json', '{"agents":{"multiSession":true}}\n');
    try {
      const script = hookScript('pre-push');
      const blocked = await runScript(script, ['origin', 'url'], {
        input: lines,
        env: { LANES_TEST_EXIT: '4' },
      });
      expect(blocked.exitCode).toBe(4);
      expect(await readFile(`${record}.stdin`, 'utf8')).toBe(lines);
      const crashed = await runScript(script, ['origin', 'url'], {
        input: lines,
        env: { LANES_TEST_EXIT: '1' },
      });
      expect(crashed.exitCode).toBe(0);
      expect(crashed.stderr).toMatch(/pre-push check failed \(exit 1\); push not checked/);
      expect(await calls()).toEqual([
        `${bin} hook pre-push origin url`,
        `${bin} hook pre-push origin url`,
      ]);
    } finally {
      await rm(join(repo, 'project.json'));
    }
  });
});

describe('husky blocks under sh -e', () => {
  async function runHusky(hook: HookName, user: string, args: string[], input?: string) {
    const file = join(sandbox.root, `husky-${hook}`);
    await writeFile(file, withHuskyBlock(`#!/usr/bin/env sh\n${user}`, hook), { mode: 0o755 });
    return run('sh', ['-e', file, ...args], {
      cwd: repo,
      env: sandboxEnv({ PATH: `${tools}:${process.env.PATH ?? ''}`, LANES_TEST_RECORD: record }),
      ...(input === undefined ? {} : { input }),
    });
  }

  it('never stops the user’s lines of a commit hook, with or without a claim', async () => {
    const user = 'echo user-line\n';
    expect((await runHusky('post-commit', user, [])).stdout).toBe('user-line\n');
    await claim();
    await writeFile(join(gitDir, 'lanes', 'heartbeat-stamp'), 'not a stamp\n');
    const claimed = await runHusky('post-commit', user, []);
    expect(claimed.stdout).toBe('user-line\n');
    expect(claimed.exitCode).toBe(0);
    expect(await calls()).toEqual([`${bin} hook post-commit`]);
  });

  it('hands pre-push stdin on to the user’s lines, and blocks with lanes’ exit code', async () => {
    await sandbox.write(repo, 'project.json', '{"agents":{"multiSession":true}}\n');
    try {
      const user = 'cat\n';
      const allowed = await runHusky('pre-push', user, ['origin', 'url'], lines);
      expect(allowed).toMatchObject({ exitCode: 0, stdout: lines });
      const result = await run(
        'sh',
        ['-e', join(sandbox.root, 'husky-pre-push'), 'origin', 'url'],
        {
          cwd: repo,
          env: sandboxEnv({
            PATH: `${tools}:${process.env.PATH ?? ''}`,
            LANES_TEST_RECORD: record,
            LANES_TEST_EXIT: '4',
          }),
          input: lines,
        },
      );
      expect(result).toMatchObject({ exitCode: 4, stdout: '' });
    } finally {
      await rm(join(repo, 'project.json'));
    }
  });
});

describe('this repository’s own .husky files', () => {
  const repoHusky = (hook: string) =>
    fileURLToPath(new URL(`../../../.husky/${hook}`, import.meta.url));

  it('are the installer’s blocks (the root package.json depends on @lanes/cli)', async () => {
    for (const hook of HOOK_NAMES) {
      expect(await readFile(repoHusky(hook), 'utf8')).toBe(withHuskyBlock(undefined, hook));
    }
  });

  it('start no node in a solo repository and never fail, whatever node would do', async () => {
    for (const hook of HOOK_NAMES) {
      const result = await run('sh', ['-e', repoHusky(hook), 'origin', 'url'], {
        cwd: repo,
        env: sandboxEnv({
          PATH: `${tools}:${process.env.PATH ?? ''}`,
          LANES_TEST_RECORD: record,
          LANES_TEST_EXIT: '1',
        }),
      });
      expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    }
    expect(await calls()).toEqual([]);
  });
});

describe('finding lanes', () => {
  const installed = (root: string) => join(root, PACKAGE_BIN);
  const coordinationOn = () =>
    sandbox.write(repo, '.git/lanes/config.json', '{"multiSession":true}\n');

  it('prefers the worktree’s node_modules over the recorded path', async () => {
    await sandbox.write(repo, PACKAGE_BIN, '// installed\n');
    try {
      await claim();
      await runScript(hookScript('post-commit'));
      await runScript(withHuskyBlock(undefined, 'post-commit'));
      expect(await calls()).toEqual([
        `${installed(repo)} hook post-commit`,
        `${installed(repo)} hook post-commit`,
      ]);
    } finally {
      await rm(join(repo, 'node_modules'), { recursive: true });
    }
  });

  it('finds the main worktree’s node_modules from a linked worktree', async () => {
    const linked = join(sandbox.root, 'linked-worktree');
    await sandbox.git(repo, 'worktree', 'add', '-q', '--detach', linked);
    await sandbox.write(repo, PACKAGE_BIN, '// installed\n');
    try {
      await coordinationOn();
      const file = join(sandbox.root, 'linked-pre-push');
      await writeFile(file, withHuskyBlock(undefined, 'pre-push'), { mode: 0o755 });
      const result = await run('sh', ['-e', file, 'origin', 'url'], {
        cwd: linked,
        env: sandboxEnv({ PATH: `${tools}:${process.env.PATH ?? ''}`, LANES_TEST_RECORD: record }),
        input: lines,
      });
      expect(result).toMatchObject({ exitCode: 0, stderr: '' });
      expect(await calls()).toEqual([`${installed(repo)} hook pre-push origin url`]);
    } finally {
      await rm(join(repo, 'node_modules'), { recursive: true });
      await sandbox.git(repo, 'worktree', 'remove', '--force', linked);
    }
  });

  it('runs lanes from the PATH when the recorded path is gone', async () => {
    await sandbox.git(repo, 'config', 'lanes.bin', join(sandbox.root, 'gone', 'lanes.js'));
    try {
      await claim();
      const onPath = await withPathLanes();
      await runScript(hookScript('post-commit'), [], {
        env: { PATH: `${tools}:${onPath}:${process.env.PATH ?? ''}` },
      });
      expect(await calls()).toEqual(['lanes hook post-commit']);
    } finally {
      await sandbox.git(repo, 'config', 'lanes.bin', bin);
    }
  });

  it('with no lanes anywhere: a commit stays quiet, a push says in one line that it is unchecked', async () => {
    await sandbox.git(repo, 'config', '--unset', 'lanes.bin');
    // No `lanes` on the PATH either (a package manager running the tests puts the
    // workspace's node_modules/.bin there, which has one).
    const env = {
      PATH: [tools, ...(process.env.PATH ?? '').split(':')]
        .filter((dir) => dir !== '' && !existsSync(join(dir, 'lanes')))
        .join(':'),
    };
    try {
      await claim();
      await coordinationOn();
      for (const script of [hookScript('post-commit'), withHuskyBlock(undefined, 'post-commit')]) {
        expect(await runScript(script, [], { env })).toMatchObject({
          exitCode: 0,
          stdout: '',
          stderr: '',
        });
      }
      for (const script of [
        hookScript('pre-push'),
        withHuskyBlock('echo user-line\n', 'pre-push'),
      ]) {
        const pushed = await runScript(script, ['origin', 'url'], { input: lines, env });
        expect(pushed.exitCode).toBe(0);
        const said = pushed.stderr.trim().split('\n');
        expect(said).toHaveLength(1);
        expect(said[0]).toMatch(/pre-push checks skipped: .*npm install/);
      }
      expect(await calls()).toEqual([]);
    } finally {
      await sandbox.git(repo, 'config', 'lanes.bin', bin);
    }
  });
});
