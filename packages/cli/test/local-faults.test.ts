import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runLanes, type Sandbox } from '@lanes/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import {
  expectRefused,
  lanesJson,
  remoteLocks,
  remoteRefs,
  seededSandbox,
  type ErrorJson,
} from './lifecycle.js';

// Issue 31 item 11: a local folder lanes cannot use is a coded error that names the
// folder and the way out, never E_INTERNAL "a bug in lanes". Tests may run as root,
// where chmod does not block: a file where a folder is expected blocks everyone.

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.cleanup();
  sandbox = undefined;
});

const uid = process.getuid?.() ?? 'user';

async function seeded(): Promise<{ target: Sandbox; clone: string }> {
  sandbox = await seededSandbox({ prds: [{ id: 'prd-alpha' }] });
  return { target: sandbox, clone: sandbox.clones[0]! };
}

/** A temp dir whose per-user lock folder is a file, and a cache dir likewise if asked. */
async function blockedDirs(target: Sandbox, cacheToo: boolean) {
  const tmp = join(target.root, 'tmp');
  const cache = join(target.root, 'cache');
  await mkdir(tmp, { recursive: true });
  await mkdir(cache, { recursive: true });
  await writeFile(join(tmp, `lanes-locks-${uid}`), 'not a folder\n');
  if (cacheToo) await writeFile(join(cache, 'lanes'), 'not a folder\n');
  return { env: { TMPDIR: tmp, XDG_CACHE_HOME: cache }, tmp, cache };
}

describe('the local lock folder cannot be used', () => {
  it('falls back to the user’s cache folder when the temp dir’s is unusable', async () => {
    const { target, clone } = await seeded();
    const { env, cache } = await blockedDirs(target, false);
    const claimed = await lanesJson<{ prdId: string }>(clone, ['claim', 'alpha'], env);
    expect(claimed.prdId).toBe('prd-alpha');
    expect((await remoteLocks(target)).map((lock) => lock.prdId)).toEqual(['prd-alpha']);
    // The turn was taken (and given back) in the fallback folder.
    expect(await readdir(join(cache, 'lanes', 'locks'))).not.toEqual([]);
  });

  it('is E_LOCAL_STATE naming both folders and what to do when neither can be used', async () => {
    const { target, clone } = await seeded();
    const { env, tmp, cache } = await blockedDirs(target, true);
    const error = await expectRefused(target, clone, ['claim', 'alpha'], 3, 'E_LOCAL_STATE', env);
    expect(error.message).toContain(join(tmp, `lanes-locks-${uid}`));
    expect(error.message).toContain(join(cache, 'lanes', 'locks'));
    expect(error.hint).toMatch(/a directory you own and can write/);
    expect(error.hint).toContain('XDG_CACHE_HOME');
    expect(await remoteLocks(target)).toEqual([]);
  });
});

describe('a file-system failure elsewhere', () => {
  it('is E_LOCAL_STATE naming the path, not an internal error, and changes nothing', async () => {
    const { target, clone } = await seeded();
    // The clone's lanes folder (session id, claim record, stamps) is a file.
    const lanes = join(clone, await target.git(clone, 'rev-parse', '--git-path', 'lanes'));
    await writeFile(lanes, 'not a folder\n');
    const before = await remoteRefs(target);
    const result = await runLanes(clone, ['claim', 'alpha', '--json']);
    const error = (result.json as { error: ErrorJson }).error;
    expect(result.exitCode).toBe(3);
    expect(error.code).toBe('E_LOCAL_STATE');
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(await remoteRefs(target)).toBe(before);
    expect(error.message).toContain(join(lanes, 'session'));
    expect(error.message).toContain('a file stands where a folder belongs');
    expect(error.paths).toEqual([join(lanes, 'session')]);
    expect(error.hint).not.toContain('bug');
  });
});
