import { describe, expect, it } from 'vitest';
import { LANES_MARK, withLanesHooks, withoutLanesHooks } from './claude-settings.js';

const lanes = { lanes: "node '/opt/lanes/bin/lanes.js'" };

describe('Claude Code settings', () => {
  const user = {
    model: 'opus',
    hooks: {
      PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'audit' }] }],
      Stop: [{ hooks: [{ type: 'command', command: 'say done' }] }],
    },
    permissions: { deny: ['Read(.env)'] },
  };

  it('adds one marked group per event after the user’s own, keeping key order', () => {
    const next = withLanesHooks(user, lanes);
    expect(Object.keys(next)).toEqual(['model', 'hooks', 'permissions']);
    const hooks = next.hooks as Record<
      string,
      { matcher?: string; hooks: { command: string }[] }[]
    >;
    expect(Object.keys(hooks)).toEqual(['PreToolUse', 'Stop', 'SessionStart', 'PostToolUse']);
    expect(hooks.PreToolUse!.map((group) => group.matcher)).toEqual([
      'Bash',
      'Write|Edit|MultiEdit',
    ]);
    expect(hooks.PreToolUse![1]!.hooks[0]!.command).toBe(
      `node '/opt/lanes/bin/lanes.js' check --hook ${LANES_MARK}`,
    );
    expect(hooks.SessionStart![0]!.hooks[0]!.command).toContain(' prime ');
    expect(hooks.PostToolUse![0]).toMatchObject({ matcher: '*', hooks: [{ async: true }] });
  });

  it('is idempotent, follows a moved lanes, and removal gives back the original', () => {
    const once = withLanesHooks(user, lanes);
    expect(withLanesHooks(once, lanes)).toEqual(once);
    const moved = withLanesHooks(once, { lanes: 'node /elsewhere/lanes.js' });
    expect(JSON.stringify(moved)).not.toContain('/opt/lanes');
    expect(withoutLanesHooks(moved)).toEqual(user);
    expect(withoutLanesHooks(withLanesHooks({}, lanes))).toEqual({});
  });

  it('takes out only lanes’ hooks from a group the user added to', () => {
    const once = withLanesHooks({}, lanes);
    const hooks = once.hooks as Record<string, { hooks: unknown[] }[]>;
    hooks.SessionStart![0]!.hooks.push({ type: 'command', command: 'echo mine' });
    expect(withoutLanesHooks(once)).toEqual({
      hooks: { SessionStart: [{ hooks: [{ type: 'command', command: 'echo mine' }] }] },
    });
  });
});
