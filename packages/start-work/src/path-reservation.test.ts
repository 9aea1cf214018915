import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { reservePath } from './path-reservation.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'lanes-reserve-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

it('holds a path for one start: the second is told the empty folder is taken and how to free it', async () => {
  const path = join(root, 'a', 'tree');
  const held = await reservePath(path);
  const refused = await reservePath(path).catch((error: unknown) => error);

  expect(refused).toMatchObject({
    code: 'E_LOCAL_STATE',
    message: `--worktree: ${path} already exists (empty)`,
    details: { reason: 'path exists', paths: [path] },
  });
  expect((refused as { hint: string }).hint).toContain(`rmdir ${path}`);
  await held.release();
  await expect(reservePath(path)).resolves.toBeDefined();
});

it('says only "exists" of a folder with something in it', async () => {
  const path = join(root, 'full');
  await reservePath(path);
  await writeFile(join(path, 'file'), 'x');
  const refused = await reservePath(path).catch((error: unknown) => error);
  expect(refused).toMatchObject({ message: `--worktree: ${path} already exists` });
  expect((refused as { hint: string }).hint).not.toContain('rmdir');
});
