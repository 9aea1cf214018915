import { cp, symlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanUp, commitWithHooks, gitWithEnv, pushSessions } from './hooks-fixture.js';

// pre-push used to recognise the coordinating remote by its URL string: the same
// repository reached through another spelling skipped every check, so lanes-owned files
// went through. It now decides by what the push targets.

const OWNED =
  /feature\/export changes docs\/session-locks\.json: these files change only through lanes/;

describe('pre-push, whatever the spelling of the coordinating remote', () => {
  let sandbox: Sandbox;
  let c: string;

  beforeAll(async () => {
    sandbox = await pushSessions('block');
    c = sandbox.clones[2]!;
    await commitWithHooks(sandbox, c, 'export: tidy the locks', {
      'docs/session-locks.json': '{ "sessions": [] }\n',
    });
    const link = join(sandbox.root, 'link.git');
    await symlink(sandbox.remote, link);
    await sandbox.git(c, 'remote', 'add', 'mirror', link);
  });
  afterAll(() => cleanUp(sandbox));

  const spellings = () => {
    const { remote, root } = sandbox;
    return {
      'file://': `file://${remote}`,
      'a/./b': `${dirname(remote)}/./${basename(remote)}`,
      'a symlink': join(root, 'link.git'),
      'a second remote name': 'mirror',
    };
  };

  it.each(['file://', 'a/./b', 'a symlink', 'a second remote name'] as const)(
    'blocks lanes-owned files pushed through %s',
    async (spelling) => {
      const target = spellings()[spelling];
      const push = await gitWithEnv(c, {}, 'push', '-q', target, 'feature/export');
      expect(push.exitCode, push.stderr).not.toBe(0);
      expect(push.stderr).toMatch(OWNED);
      const landed = await sandbox.gitResult(
        sandbox.remote,
        'rev-parse',
        '-q',
        '--verify',
        'refs/heads/feature/export',
      );
      expect(landed.stdout.trim()).not.toBe(await sandbox.git(c, 'rev-parse', 'HEAD'));
    },
  );

  it('guards a copy whose coordination branch has the same tip, and lets an unrelated repository be', async () => {
    const copy = join(sandbox.root, 'copy.git');
    await cp(sandbox.remote, copy, { recursive: true });
    const toCopy = await gitWithEnv(c, {}, 'push', '-q', copy, 'feature/export');
    expect(toCopy.exitCode).not.toBe(0);
    expect(toCopy.stderr).toMatch(OWNED);

    const other = join(sandbox.root, 'other.git');
    await sandbox.git(sandbox.root, 'init', '-q', '--bare', other);
    const toOther = await gitWithEnv(c, {}, 'push', '-q', other, 'feature/export');
    expect(toOther.exitCode, toOther.stderr).toBe(0);
    expect(toOther.stderr).not.toMatch(/lanes:/);
  });
});
