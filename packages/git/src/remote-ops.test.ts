import { describe, expect, it } from 'vitest';
import { fetchFailureKind, parsePushPorcelain } from './remote-ops.js';

describe('parsePushPorcelain', () => {
  it('reads the status line of one pushed refspec', () => {
    const out = (line: string) => `To /tmp/remote.git\n${line}\nDone\n`;
    expect(parsePushPorcelain(out('*\tabc:refs/heads/x\t[new branch]'), 'refs/heads/x')).toEqual({
      flag: '*',
      summary: '[new branch]',
    });
    expect(
      parsePushPorcelain(out('!\tabc:refs/heads/main\t[rejected] (stale info)'), 'refs/heads/main'),
    ).toEqual({
      flag: '!',
      summary: '[rejected] (stale info)',
    });
    expect(parsePushPorcelain(out('-\t:refs/lanes/x\t[deleted]'), 'refs/lanes/x')!.flag).toBe('-');
    expect(parsePushPorcelain('', 'refs/heads/x')).toBeNull();
  });
});

describe('fetchFailureKind', () => {
  it('tells a remote whose refs changed mid-fetch, a local lock, a worktree being added and a missing ref apart', () => {
    // Seen in a 32-writer benchmark run, while tickets were being deleted.
    const race =
      'fatal: git upload-pack: not our ref 0000000000000000000000000000000000000000\n' +
      'fatal: remote error: upload-pack: not our ref 0000000000000000000000000000000000000000';
    expect(fetchFailureKind(race)).toBe('remote-race');
    expect(
      fetchFailureKind(
        "error: cannot lock ref 'refs/lanes/remote/origin/main': is at 1 but expected 2",
      ),
    ).toBe('local-lock');
    // A fetch while `git worktree add` ran in the same clone (its placeholder HEAD).
    expect(
      fetchFailureKind(
        'fatal: bad object worktrees/tree/HEAD\nerror: /tmp/r.git did not send all necessary objects\n',
      ),
    ).toBe('worktree-added');
    expect(fetchFailureKind("fatal: couldn't find remote ref refs/heads/lanes")).toBe('missing');
    expect(fetchFailureKind("fatal: '/nowhere' does not appear to be a git repository")).toBeNull();
  });
});
