import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Git, GitResult, Repository } from '@lanes/git';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readHookConfig } from './hook-config.js';

/**
 * A clone's refs and blobs as git would answer the three questions the lookup asks
 * (recorded coordinates, which refs exist, a file at a ref), without starting git.
 */
function fakeGit(refs: Record<string, Record<string, string>> = {}): Git {
  const answer = (exitCode: number, stdout = ''): GitResult => ({
    exitCode,
    stdout,
    stderr: '',
    timedOut: false,
  });
  const run = async (args: readonly string[]) => {
    if (args[0] === 'for-each-ref') {
      const found = args.slice(2).filter((ref) => Object.hasOwn(refs, ref));
      return answer(0, found.map((ref) => `${ref}\n`).join(''));
    }
    if (args[0] === 'cat-file') {
      const [ref = '', path = ''] = (args[2] ?? '').split(':');
      const text = refs[ref]?.[path];
      return text === undefined ? answer(128) : answer(0, text);
    }
    return answer(1); // git config --get-regexp: nothing recorded
  };
  return { run } as unknown as Git;
}

describe('readHookConfig', () => {
  let root: string;
  let commonDir: string;
  const repo = (git = fakeGit()): Repository => ({
    root,
    commonDir,
    gitDir: commonDir,
    objectFormat: 'sha1',
    git,
  });
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'lanes-hook-config-'));
    commonDir = join(root, '.git');
    await mkdir(join(commonDir, 'lanes'), { recursive: true });
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const project = (agents: unknown) =>
    writeFile(join(root, 'project.json'), JSON.stringify({ name: 'x', agents }));
  const cache = (text: string) => writeFile(join(commonDir, 'lanes', 'config.json'), text);

  it('takes the coordination branch’s config the last command cached over project.json here', async () => {
    await project({ multiSession: false });
    await cache(JSON.stringify({ multiSession: true, coordination: { prePush: 'warn' } }));
    const found = await readHookConfig(repo());
    expect(found.source).toBe('cache');
    expect(found.config.multiSession).toBe(true);
    expect(found.config.coordination.prePush).toBe('warn');
  });

  it('falls back to project.json when there is no sound cache', async () => {
    await project({ multiSession: true, coordination: { heartbeatIntervalSeconds: 5 } });
    expect(await readHookConfig(repo())).toMatchObject({
      source: 'worktree',
      problems: [],
      config: { multiSession: true, coordination: { heartbeatIntervalSeconds: 5 } },
    });
    await cache('{ not json');
    expect((await readHookConfig(repo())).source).toBe('worktree');
    await cache(JSON.stringify({ multiSession: 'yes' }));
    expect((await readHookConfig(repo())).source).toBe('worktree');
  });

  it('is solo mode without either, and reports a broken project.json', async () => {
    expect((await readHookConfig(repo())).config.multiSession).toBe(false);
    await writeFile(join(root, 'project.json'), '{ "agents": ');
    const broken = await readHookConfig(repo());
    expect(broken.problems[0]).toMatchObject({ file: 'project.json' });
  });

  it('in a fresh clone without the section here, reads lanes/state as the clone knows it', async () => {
    await writeFile(join(root, 'project.json'), JSON.stringify({ name: 'x' }));
    const clone = fakeGit({
      'refs/remotes/origin/lanes/state': {
        'project.json': JSON.stringify({
          agents: { multiSession: true, coordination: { prePush: 'warn' } },
        }),
      },
    });
    expect(await readHookConfig(repo(clone))).toMatchObject({
      source: 'branch',
      config: { multiSession: true, coordination: { prePush: 'warn' } },
    });
    // No such branch known: solo mode, as project.json here says.
    expect((await readHookConfig(repo())).config.multiSession).toBe(false);
  });
});
