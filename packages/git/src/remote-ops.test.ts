import { describe, expect, it } from 'vitest';
import { parsePushPorcelain } from './remote-ops.js';

describe('parsePushPorcelain', () => {
  it('reads the status line of one pushed refspec', () => {
    const out = (line: string) => `To /tmp/remote.git\n${line}\nDone\n`;
    expect(parsePushPorcelain(out('*\tabc:refs/heads/x\t[new branch]'))).toEqual({
      flag: '*',
      summary: '[new branch]',
    });
    expect(parsePushPorcelain(out('!\tabc:refs/heads/main\t[rejected] (stale info)'))).toEqual({
      flag: '!',
      summary: '[rejected] (stale info)',
    });
    expect(parsePushPorcelain(out('-\t:refs/lanes/x\t[deleted]'))!.flag).toBe('-');
    expect(parsePushPorcelain('')).toBeNull();
  });
});
