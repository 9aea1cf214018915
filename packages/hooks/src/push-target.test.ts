import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localPath, location } from './push-target.js';

describe('localPath', () => {
  it('undoes file:// and keeps plain paths', () => {
    expect(localPath('file:///srv/repo.git')).toBe('/srv/repo.git');
    expect(localPath('file://localhost/srv/my%20repo')).toBe('/srv/my repo');
    expect(localPath('../repo')).toBe('../repo');
  });

  it('says null for another host', () => {
    expect(localPath('https://example.com/repo.git')).toBeNull();
    expect(localPath('ssh://git@example.com/repo')).toBeNull();
    expect(localPath('git@example.com:team/repo.git')).toBeNull();
  });
});

describe('location', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'lanes-push-target-'));
    await mkdir(join(root, 'remote.git'));
    await mkdir(join(root, 'work', '.git'), { recursive: true });
    await symlink(join(root, 'remote.git'), join(root, 'link'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('leads every spelling of one local repository to one place', async () => {
    const real = await location(join(root, 'remote.git'), '/');
    for (const spelling of [
      `file://${root}/remote.git`,
      `${root}/./remote.git/`,
      `${root}/remote`,
      join(root, 'link'),
      'remote.git',
    ]) {
      expect(await location(spelling, root)).toBe(real);
    }
    expect(await location(join(root, 'work'), '/')).toBe(await location(`${root}/work/.git`, '/'));
  });

  it('keeps a remote URL as written, without a trailing slash or .git', async () => {
    expect(await location('https://example.com/team/repo.git/', root)).toBe(
      'https://example.com/team/repo',
    );
  });
});
