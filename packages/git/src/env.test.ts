import { describe, expect, it } from 'vitest';
import { GIT_LOCAL_ENV_VARS, gitEnvironment } from './env.js';

describe('gitEnvironment', () => {
  it('drops every repository-selecting variable a hook leaks, keeps the rest', () => {
    const leaked = Object.fromEntries(GIT_LOCAL_ENV_VARS.map((name) => [name, '/elsewhere']));
    const env = gitEnvironment({
      ...leaked,
      GIT_CONFIG_KEY_0: 'core.bare',
      GIT_CONFIG_VALUE_0: 'true',
      PATH: '/usr/bin',
      GIT_AUTHOR_NAME: 'Ada',
    });
    for (const name of [...GIT_LOCAL_ENV_VARS, 'GIT_CONFIG_KEY_0', 'GIT_CONFIG_VALUE_0']) {
      expect(env[name]).toBeUndefined();
    }
    expect(env.PATH).toBe('/usr/bin');
    expect(env.GIT_AUTHOR_NAME).toBe('Ada');
  });

  it('never lets git prompt, and lets a call add or remove variables', () => {
    const env = gitEnvironment(
      { GIT_TERMINAL_PROMPT: '1', HOME: '/home/x' },
      { GIT_SSH_COMMAND: 'ssh -x', HOME: undefined },
    );
    expect(env.GIT_TERMINAL_PROMPT).toBe('0');
    expect(env.LC_ALL).toBe('C');
    expect(env.GIT_SSH_COMMAND).toBe('ssh -x');
    expect(env.HOME).toBeUndefined();
  });
});
