import { describe, expect, it } from 'vitest';
import { parseCommandLine, splitCommand } from './args.js';

const known = (words: string[]) => {
  if (words[0] === 'prd' && (words[1] === 'add' || words[1] === 'ready')) return 2;
  return ['status', 'claim', 'abandon', 'validate'].includes(words[0] ?? '') ? 1 : 0;
};

describe('splitCommand', () => {
  it('finds one- and two-word commands around global flags', () => {
    expect(splitCommand(['-C', 'repo', '--json', 'prd', 'add', 'x.json'], known)).toEqual({
      words: ['prd', 'add'],
      rest: ['-C', 'repo', '--json', 'x.json'],
    });
    expect(splitCommand(['--session', 'developer-a1b2c3', 'claim', 'print'], known)).toEqual({
      words: ['claim'],
      rest: ['--session', 'developer-a1b2c3', 'print'],
    });
  });

  it('does not read a flag value as a command word', () => {
    expect(splitCommand(['abandon', '--reason', 'status'], known).words).toEqual(['abandon']);
  });

  it('returns no words for an unknown command', () => {
    expect(splitCommand(['frobnicate'], known)).toEqual({ words: [], rest: ['frobnicate'] });
  });
});

describe('parseCommandLine', () => {
  const specs = {
    worktree: { type: 'optional-string', valueName: 'path', description: '' },
    force: { type: 'boolean', description: '' },
  } as const;

  it('rejects an unknown flag as a usage error naming it', () => {
    expect(() => parseCommandLine(['--nope'], specs, 'claim')).toThrowError(
      expect.objectContaining({ code: 'E_USAGE', message: expect.stringContaining('--nope') }),
    );
  });

  it('rejects a missing option value', () => {
    expect(() => parseCommandLine(['--session'], specs, 'claim')).toThrowError(
      expect.objectContaining({ code: 'E_USAGE' }),
    );
  });

  it('lets --worktree stand alone or take a path, leaving the PRD positional', () => {
    expect(parseCommandLine(['--worktree', 'print'], specs, 'claim')).toEqual({
      values: { worktree: '' },
      positionals: ['print'],
    });
    expect(parseCommandLine(['print', '--worktree', '../wt'], specs, 'claim')).toEqual({
      values: { worktree: '../wt' },
      positionals: ['print'],
    });
  });
});
