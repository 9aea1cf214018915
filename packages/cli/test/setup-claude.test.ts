import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSandbox, run, runLanes, sandboxEnv, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lanesJson, seededSandbox } from './lifecycle.js';

// `lanes setup claude` writes Claude Code's project hooks; each hook command is then
// run the way Claude Code runs it: through a shell, the event as JSON on stdin.

/** This package: what `node_modules/@lanes/cli` holds in a project that installed lanes. */
const CLI_PACKAGE = fileURLToPath(new URL('..', import.meta.url));

interface CommandHook {
  type: string;
  command: string;
  timeout?: number;
}
interface Group {
  matcher?: string;
  hooks: CommandHook[];
}
type Settings = { hooks: Record<string, Group[]>; [key: string]: unknown };

const USER_SETTINGS = `${JSON.stringify(
  {
    model: 'opus',
    permissions: { allow: ['Bash(git status)'] },
    hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'true' }] }] },
  },
  null,
  2,
)}\n`;

function runHook(cwd: string, command: string, input: Record<string, unknown>) {
  return run('sh', ['-c', command], {
    cwd,
    env: sandboxEnv({ CLAUDE_PROJECT_DIR: cwd }),
    input: JSON.stringify({ session_id: 'claude-1', cwd, ...input }),
  });
}

describe('lanes setup claude', () => {
  let sandbox: Sandbox;
  let mine: string;
  let theirs: string;
  let session: string;
  let other: string;
  const settingsFile = () => join(mine, '.claude/settings.json');
  const settings = async () => JSON.parse(await readFile(settingsFile(), 'utf8')) as Settings;
  const lanesHook = (s: Settings, event: string) =>
    s.hooks[event]!.flatMap((group) => group.hooks.map((hook) => ({ group, hook }))).find(
      ({ hook }) => hook.command.includes('lanes'),
    )!;

  beforeAll(async () => {
    sandbox = await seededSandbox(
      { prds: [{ id: 'prd-alpha' }, { id: 'prd-beta' }] },
      { clones: 2 },
    );
    [mine, theirs] = sandbox.clones as [string, string];
    session = (await lanesJson<{ sessionId: string }>(mine, ['claim', 'alpha'])).sessionId;
    other = (await lanesJson<{ sessionId: string }>(theirs, ['claim', 'beta'])).sessionId;
    await sandbox.commit(theirs, 'US-001 shared', { 'src/shared.ts': 'x\n' });
    await sandbox.git(theirs, 'push', '-q', 'origin', 'feature/beta');
    await mkdir(join(mine, '.claude'));
    await writeFile(settingsFile(), USER_SETTINGS);
  });
  afterAll(() => sandbox.cleanup());

  it('writes the documented hooks format, keeps the user’s settings, and is idempotent', async () => {
    const first = await lanesJson<{ changed: boolean; hooks: string[] }>(mine, ['setup', 'claude']);
    expect(first).toMatchObject({
      changed: true,
      hooks: ['SessionStart', 'PreToolUse', 'PostToolUse'],
    });
    const written = await settings();
    expect(written).toMatchObject({ model: 'opus', permissions: { allow: ['Bash(git status)'] } });
    for (const [event, groups] of Object.entries(written.hooks)) {
      expect(Array.isArray(groups), event).toBe(true);
      for (const group of groups) {
        expect(group.hooks.length).toBeGreaterThan(0);
        for (const hook of group.hooks) {
          expect(hook.type).toBe('command');
          expect(typeof hook.command).toBe('string');
        }
      }
    }
    expect(written.hooks.PreToolUse!.map((group) => group.matcher)).toEqual([
      'Bash',
      'Write|Edit|MultiEdit',
    ]);
    expect(lanesHook(written, 'SessionStart').hook.command).toMatch(/ prime /);
    expect(lanesHook(written, 'PostToolUse').hook.command).toMatch(/ heartbeat --hook /);

    const text = await readFile(settingsFile(), 'utf8');
    const again = await lanesJson<{ changed: boolean }>(mine, ['setup', 'claude']);
    expect(again.changed).toBe(false);
    expect(await readFile(settingsFile(), 'utf8')).toBe(text);
  });

  it('SessionStart prints the session, its PRD, the next story and the rules, in under 40 lines', async () => {
    const { hook } = lanesHook(await settings(), 'SessionStart');
    const result = await runHook(mine, hook.command, {
      hook_event_name: 'SessionStart',
      source: 'startup',
    });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain(`You are session ${session}`);
    expect(result.stdout).toContain('prd-alpha');
    expect(result.stdout).toContain('Next: US-001');
    expect(result.stdout).toContain(`Other live sessions: ${other} on prd-beta`);
    expect(result.stdout).toContain('lanes check');
    expect(result.stdout.trimEnd().split('\n').length).toBeLessThan(40);
  });

  it('PreToolUse denies an edit of a file another live session changes, and lets others go', async () => {
    const { group, hook } = lanesHook(await settings(), 'PreToolUse');
    expect(new RegExp(`^(${group.matcher})$`).test('Write')).toBe(true);
    const edit = (file: string) =>
      runHook(mine, hook.command, {
        hook_event_name: 'PreToolUse',
        tool_name: 'Edit',
        tool_input: { file_path: join(mine, file), old_string: 'x', new_string: 'y' },
      });
    const denied = await edit('src/shared.ts');
    expect(denied.exitCode, denied.stderr).toBe(0);
    const decision = JSON.parse(denied.stdout) as {
      hookSpecificOutput: {
        hookEventName: string;
        permissionDecision: string;
        permissionDecisionReason: string;
      };
    };
    expect(decision.hookSpecificOutput).toMatchObject({
      hookEventName: 'PreToolUse',
      permissionDecision: 'deny',
    });
    expect(decision.hookSpecificOutput.permissionDecisionReason).toContain(
      `src/shared.ts: ${other} (prd-beta) changes it on its pushed branch`,
    );
    const allowed = await edit('README.md');
    expect(allowed).toMatchObject({ exitCode: 0, stdout: '' });
    // Input the hook cannot use never blocks the runtime.
    const garbage = await run('sh', ['-c', hook.command], {
      cwd: mine,
      env: sandboxEnv(),
      input: 'not json',
    });
    expect(garbage).toMatchObject({ exitCode: 0, stdout: '' });
  });

  it('PostToolUse refreshes the heartbeat, detached, at most once per interval', async () => {
    const ref = `refs/lanes/heartbeats/${session}`;
    const before = await sandbox.gitResult(sandbox.remote, 'rev-parse', ref);
    const { hook } = lanesHook(await settings(), 'PostToolUse');
    const input = {
      hook_event_name: 'PostToolUse',
      tool_name: 'Bash',
      tool_input: { command: 'ls' },
    };
    const first = await runHook(mine, hook.command, input);
    expect(first).toMatchObject({ exitCode: 0, stdout: '' });
    let after = before;
    for (let i = 0; i < 200 && after.stdout === before.stdout; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await sandbox.gitResult(sandbox.remote, 'rev-parse', ref);
    }
    expect(after.exitCode).toBe(0);
    expect(after.stdout).not.toBe(before.stdout);
    const pingsLogged = async () => {
      const log = await sandbox.git(
        mine,
        'rev-parse',
        '--path-format=absolute',
        '--git-path',
        'lanes/hooks.log',
      );
      return (await readFile(log, 'utf8')).match(/runtime hook: ping/g)?.length ?? 0;
    };
    expect(await pingsLogged()).toBe(1);
    // Within the interval another tool call starts no ping.
    await runHook(mine, hook.command, input);
    expect(await pingsLogged()).toBe(1);
  });

  it('--remove undoes exactly what it added; a file lanes created goes', async () => {
    const removed = await lanesJson<{ changed: boolean }>(mine, ['setup', 'claude', '--remove']);
    expect(removed.changed).toBe(true);
    expect(await readFile(settingsFile(), 'utf8')).toBe(USER_SETTINGS);
    expect(
      (await lanesJson<{ changed: boolean }>(mine, ['setup', 'claude', '--remove'])).changed,
    ).toBe(false);

    await lanesJson(theirs, ['setup', 'claude']);
    expect(existsSync(join(theirs, '.claude/settings.json'))).toBe(true);
    const gone = await runLanes(theirs, ['setup', 'claude', '--remove']);
    expect(existsSync(join(theirs, '.claude/settings.json'))).toBe(false);
    expect(gone.stdout).toContain('and the file with them');
    expect(gone.stdout).toContain('commit its removal (git rm --cached .claude/settings.json)');
  });

  it('gives back a compact settings file byte for byte, and says to commit the file', async () => {
    const compact = '{"model":"opus","permissions":{"allow":["Bash(ls)"]}}';
    await writeFile(settingsFile(), compact);
    const added = await runLanes(mine, ['setup', 'claude']);
    expect(added.exitCode, added.stderr).toBe(0);
    expect(added.stdout).toContain('commit .claude/settings.json so that every clone gets it');
    expect(await readFile(settingsFile(), 'utf8')).not.toContain('\n');
    expect((await runLanes(mine, ['setup', 'claude', '--remove'])).exitCode).toBe(0);
    expect(await readFile(settingsFile(), 'utf8')).toBe(compact);
    await writeFile(settingsFile(), USER_SETTINGS);
  });

  it('refuses settings that are not JSON, changing nothing', async () => {
    await mkdir(join(theirs, '.claude'), { recursive: true });
    await writeFile(join(theirs, '.claude/settings.json'), '{ "model": ');
    const result = await runLanes(theirs, ['setup', 'claude', '--json']);
    expect(result.exitCode).toBe(2);
    expect(result.json).toMatchObject({ error: { code: 'E_USAGE' } });
    expect((result.json as { error: { message: string } }).error.message).toContain(
      '.claude/settings.json',
    );
    expect(await readFile(join(theirs, '.claude/settings.json'), 'utf8')).toBe('{ "model": ');
  });
});

describe('lanes setup claude where the project installs lanes, in a worktree of lanes claim', () => {
  it('the hooks find the main worktree’s lanes from a linked worktree without node_modules', async () => {
    const sandbox = await seededSandbox({ prds: [{ id: 'prd-alpha' }] }, { clones: 1 });
    try {
      const clone = sandbox.clones[0]!;
      // The project's own install of lanes (as npm i -D makes it), kept out of git.
      await mkdir(join(clone, 'node_modules/@lanes'), { recursive: true });
      await symlink(CLI_PACKAGE, join(clone, 'node_modules/@lanes/cli'));
      await writeFile(join(clone, '.git/info/exclude'), 'node_modules\n');
      await lanesJson(clone, ['setup', 'claude']);
      await sandbox.commit(clone, 'chore: lanes hooks for claude code');
      await sandbox.git(clone, 'push', '-q', 'origin', 'main');
      const worktree = join(sandbox.root, 'alpha-worktree');
      await lanesJson(clone, ['claim', 'alpha', '--worktree', worktree]);
      expect(existsSync(join(worktree, 'node_modules'))).toBe(false);

      const written = JSON.parse(
        await readFile(join(worktree, '.claude/settings.json'), 'utf8'),
      ) as Settings;
      const command = written.hooks.SessionStart![0]!.hooks[0]!.command;
      expect(command).toContain('"$CLAUDE_PROJECT_DIR/node_modules/@lanes/cli/bin/lanes.js"');
      const started = await runHook(worktree, command, {
        hook_event_name: 'SessionStart',
        source: 'startup',
      });
      expect(started.exitCode, started.stderr).toBe(0);
      expect(started.stdout).toContain('You hold prd-alpha');
    } finally {
      await sandbox.cleanup();
    }
  });
});

describe('lanes setup codex', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox({ clones: 1 });
  });
  afterAll(() => sandbox.cleanup());

  it('adds a marked AGENTS.md section and removes exactly it', async () => {
    const clone = sandbox.clones[0]!;
    const original = '# Agents\n\nBe kind.';
    await writeFile(join(clone, 'AGENTS.md'), original);
    expect((await lanesJson<{ changed: boolean }>(clone, ['setup', 'codex'])).changed).toBe(true);
    const written = await readFile(join(clone, 'AGENTS.md'), 'utf8');
    expect(written.startsWith(`${original}\n\n<!-- >>> lanes >>>`)).toBe(true);
    expect(written).toContain('check <path> --json');
    expect((await lanesJson<{ changed: boolean }>(clone, ['setup', 'codex'])).changed).toBe(false);
    await lanesJson(clone, ['setup', 'codex', '--remove']);
    expect(await readFile(join(clone, 'AGENTS.md'), 'utf8')).toBe(original);
  });

  it('names the project’s package from the top, never this clone’s path: AGENTS.md is committed', async () => {
    const clone = sandbox.clones[0]!;
    await mkdir(join(clone, 'node_modules/@lanes/cli/bin'), { recursive: true });
    await writeFile(join(clone, 'node_modules/@lanes/cli/bin/lanes.js'), '');
    try {
      await lanesJson(clone, ['setup', 'codex']);
      const written = await readFile(join(clone, 'AGENTS.md'), 'utf8');
      expect(written).toContain('run `node node_modules/@lanes/cli/bin/lanes.js prime`');
      expect(written).toContain(
        'args = ["<this clone>/node_modules/@lanes/cli/bin/lanes.js", "mcp"]',
      );
      expect(written).toContain('on the coordination branch (`prime` says how to read it)');
      expect(written).not.toContain(clone);
    } finally {
      await lanesJson(clone, ['setup', 'codex', '--remove']);
      await rm(join(clone, 'node_modules'), { recursive: true, force: true });
    }
  });
});
