import { describe, expect, it } from 'vitest';
import { createContext, type ProcessIo } from './context.js';

const io = (env: NodeJS.ProcessEnv = {}): ProcessIo => ({
  cwd: process.cwd(),
  env,
  stdout: () => {},
  stderr: () => {},
  isTTY: false,
});

describe('createContext', () => {
  it('refuses -C naming something that is not a directory, naming the argument', () => {
    expect(() => createContext({ C: '/no/such/dir' }, io())).toThrow(
      expect.objectContaining({
        code: 'E_USAGE',
        message: "-C: '/no/such/dir' is not a directory",
      }),
    );
  });

  it('resolves -C against the current directory', () => {
    expect(createContext({ C: '..' }, io()).cwd).not.toBe(process.cwd());
  });

  it('refuses a malformed LANES_SESSION, naming the variable', () => {
    expect(() => createContext({}, io({ LANES_SESSION: 'Nope' }))).toThrow(
      expect.objectContaining({
        code: 'E_USAGE',
        message: expect.stringContaining('LANES_SESSION'),
      }),
    );
  });

  it('uses colour only on a TTY without NO_COLOR and never with --json', () => {
    expect(createContext({}, { ...io(), isTTY: true }).color).toBe(true);
    expect(createContext({}, { ...io({ NO_COLOR: '1' }), isTTY: true }).color).toBe(false);
    expect(createContext({ json: true }, { ...io(), isTTY: true }).color).toBe(false);
  });
});
