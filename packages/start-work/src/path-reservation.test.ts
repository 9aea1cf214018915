import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { heldReservation, reservePath } from './path-reservation.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'lanes-reserve-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('reservePath', () => {
  it('creates the folder once: a second reservation is refused naming the path', async () => {
    const path = join(root, 'tree');
    await reservePath(path);
    expect(existsSync(path)).toBe(true);
    const refused = await reservePath(path).catch((error: unknown) => error);
    expect(refused).toMatchObject({
      code: 'E_LOCAL_STATE',
      message: `--worktree: ${path} already exists (empty)`,
      details: { reason: 'path exists', paths: [path] },
    });
    // An empty folder no start here recorded (made by hand, or by another worktree's start).
    expect((refused as { hint: string }).hint).toContain(`rmdir ${path}`);
    expect(existsSync(path)).toBe(true);
  });

  it('says only "already exists" of a folder with something in it, with no rmdir advice', async () => {
    const path = join(root, 'full');
    await reservePath(path);
    await writeFile(join(path, 'file'), 'x');
    const refused = await reservePath(path).catch((error: unknown) => error);
    expect(refused).toMatchObject({ message: `--worktree: ${path} already exists` });
    expect((refused as { hint: string }).hint).not.toContain('rmdir');
  });

  it('release removes the folder and the parents it made, not the ones that were there', async () => {
    const path = join(root, 'a', 'b', 'tree');
    const reservation = await reservePath(path);
    await reservation.release();
    expect(existsSync(join(root, 'a'))).toBe(false);
    expect(existsSync(root)).toBe(true);
  });

  it('release leaves a folder that has something in it (a worktree checked out there)', async () => {
    const path = join(root, 'a', 'tree');
    const reservation = await reservePath(path);
    await writeFile(join(path, 'file.txt'), 'work\n');
    await reservation.release();
    expect(existsSync(join(path, 'file.txt'))).toBe(true);
  });

  it('a path under a file is E_LOCAL_STATE naming it, not taken', async () => {
    await writeFile(join(root, 'file'), '');
    const path = join(root, 'file', 'tree');
    await expect(reservePath(path)).rejects.toMatchObject({
      code: 'E_LOCAL_STATE',
      details: { reason: 'path unusable', paths: [path] },
    });
  });
});

describe('heldReservation', () => {
  it('removes only the empty folder itself', async () => {
    const path = join(root, 'a', 'tree');
    await reservePath(path);
    await (await heldReservation(path)).release();
    expect(existsSync(path)).toBe(false);
    expect(existsSync(join(root, 'a'))).toBe(true);
  });

  it('makes the folder an earlier run was killed before making', async () => {
    const path = join(root, 'b', 'tree');
    await heldReservation(path);
    expect(existsSync(path)).toBe(true);
  });
});
