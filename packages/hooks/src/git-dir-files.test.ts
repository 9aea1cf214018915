import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatStamp, parseStamp, readStamp, STAMP_FILE, writeStamp } from './git-dir-files.js';

describe('the ping stamp', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('is one line sh can read: epoch seconds, interval, story or -', () => {
    expect(formatStamp({ at: '2026-02-19T15:20:00.900Z', story: 'US-004' }, 60)).toBe(
      '1771514400 60 US-004\n',
    );
    expect(formatStamp({ at: '2026-02-19T15:20:00Z' }, 90.5)).toBe('1771514400 90 -\n');
  });

  it('reads back what it wrote, and nothing from a line it does not know', () => {
    expect(parseStamp('1771514400 60 US-004\n')).toEqual({
      at: '2026-02-19T15:20:00.000Z',
      story: 'US-004',
    });
    expect(parseStamp('1771514400 60 -')).toEqual({ at: '2026-02-19T15:20:00.000Z' });
    for (const bad of ['', '{"at":"2026-02-19T15:20:00Z"}', '17715 x US-1\n', '1 2\n']) {
      expect(parseStamp(bad)).toBeUndefined();
    }
  });

  it('is written under the lanes dir, creating it, and a missing one reads as no ping', async () => {
    dir = await mkdtemp(join(tmpdir(), 'lanes-stamp-'));
    const lanes = join(dir, 'lanes');
    expect(await readStamp(lanes)).toBeUndefined();
    await writeStamp(lanes, { at: '2026-02-19T15:20:00Z', story: 'US-001' }, 60);
    expect(await readFile(join(lanes, STAMP_FILE), 'utf8')).toBe('1771514400 60 US-001\n');
    expect(await readStamp(lanes)).toEqual({ at: '2026-02-19T15:20:00.000Z', story: 'US-001' });
    await writeFile(join(lanes, STAMP_FILE), 'garbage');
    expect(await readStamp(lanes)).toBeUndefined();
  });
});
