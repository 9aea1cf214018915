import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUSY_MEMORY_MS, recentlyBusy, rememberBusy } from './queue-memory.js';
import type { Repository } from './repository.js';

let dir: string | undefined;
afterEach(async () => dir && rm(dir, { recursive: true, force: true }));

describe('the memory of a busy queue', () => {
  it('lasts BUSY_MEMORY_MS, per remote and branch, across processes (a file)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'lanes-busy-'));
    const repo = { commonDir: dir } as Repository;
    const main = { remote: 'origin', branch: 'main' };
    const other = { remote: 'origin', branch: 'lanes/state' };
    expect(await recentlyBusy(repo, main)).toBe(false);

    await rememberBusy(repo, main);
    const now = Date.now();
    expect(await recentlyBusy(repo, main, now)).toBe(true);
    expect(await recentlyBusy(repo, other, now)).toBe(false);
    expect(await recentlyBusy(repo, main, now + BUSY_MEMORY_MS + 1_000)).toBe(false);
  });

  it('is best effort: a folder it cannot write leaves it unremembered, without failing', async () => {
    dir = await mkdtemp(join(tmpdir(), 'lanes-busy-'));
    // A file where the folder should be: no folder can be made under it.
    await writeFile(join(dir, 'not-a-folder'), '');
    const repo = { commonDir: join(dir, 'not-a-folder') } as Repository;
    await expect(rememberBusy(repo, { remote: 'origin', branch: 'main' })).resolves.toBe(undefined);
    expect(await recentlyBusy(repo, { remote: 'origin', branch: 'main' })).toBe(false);
  });
});
