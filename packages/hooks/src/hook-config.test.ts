import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readHookConfig } from './hook-config.js';

describe('readHookConfig', () => {
  let root: string;
  let commonDir: string;
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
    const found = await readHookConfig({ root, commonDir });
    expect(found.source).toBe('cache');
    expect(found.config.multiSession).toBe(true);
    expect(found.config.coordination.prePush).toBe('warn');
  });

  it('falls back to project.json when there is no sound cache', async () => {
    await project({ multiSession: true, coordination: { heartbeatIntervalSeconds: 5 } });
    expect(await readHookConfig({ root, commonDir })).toMatchObject({
      source: 'worktree',
      problems: [],
      config: { multiSession: true, coordination: { heartbeatIntervalSeconds: 5 } },
    });
    await cache('{ not json');
    expect((await readHookConfig({ root, commonDir })).source).toBe('worktree');
    await cache(JSON.stringify({ multiSession: 'yes' }));
    expect((await readHookConfig({ root, commonDir })).source).toBe('worktree');
  });

  it('is solo mode without either, and reports a broken project.json', async () => {
    expect((await readHookConfig({ root, commonDir })).config.multiSession).toBe(false);
    await writeFile(join(root, 'project.json'), '{ "agents": ');
    const broken = await readHookConfig({ root, commonDir });
    expect(broken.problems[0]).toMatchObject({ file: 'project.json' });
  });
});
