import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LANES_BIN, run, runLanes, sandboxEnv, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ago, seededSandbox } from './lifecycle.js';

// `lanes status --watch` in a real pseudo-terminal: a detached tmux session of a fixed
// size runs it; the test reads the screen with capture-pane, changes the remote from
// another clone, and leaves with `q` as a person would.

const BOUND_MS = 90_000;

describe('lanes status --watch in a terminal', { timeout: 180_000 }, () => {
  let sandbox: Sandbox;
  let viewer: string;
  let claimer: string;
  let socket: string;
  const tmux = async (...args: string[]) => {
    const result = await run('tmux', ['-S', socket, ...args], {
      cwd: sandbox.root,
      env: sandboxEnv(),
    });
    if (result.exitCode !== 0) throw new Error(`tmux ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
  const screen = () => tmux('capture-pane', '-p', '-t', 'watch');
  const paneFlag = async (flag: string) =>
    (await tmux('display-message', '-p', '-t', 'watch', `#{${flag}}`)).trim();
  /** Polls the screen until it satisfies `test`; fails with the last screen after the bound. */
  const waitForScreen = async (what: string, test: (text: string) => boolean) => {
    const deadline = Date.now() + BOUND_MS;
    let text = '';
    while (Date.now() < deadline) {
      text = await screen();
      if (test(text)) return text;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`the screen never showed ${what}:\n${text}`);
  };

  beforeAll(async () => {
    sandbox = await seededSandbox(
      {
        prds: [
          { id: 'prd-print', title: 'Print templates', storyIds: ['US-001', 'US-002'] },
          { id: 'prd-free', title: 'Gift cards' },
        ],
        locks: [
          {
            sessionId: 'developer-a1b2c3',
            prdId: 'prd-print',
            claimedAt: ago(20),
            heartbeat: ago(1),
            completedStories: ['US-001'],
            user: 'Ann Lee',
            host: 'ann-laptop',
          },
        ],
      },
      { clones: 3 },
    );
    [, viewer, claimer] = sandbox.clones as [string, string, string];
    socket = join(sandbox.root, 'tmux.sock');
  });
  afterAll(async () => {
    await tmux('kill-server').catch(() => undefined);
    await sandbox.cleanup();
  });

  it('draws the team, ages it, redraws after a remote change and leaves cleanly on q', async () => {
    const exitFile = join(sandbox.root, 'watch-exit');
    // The shell stays after lanes leaves, so the pane's modes can be read afterwards.
    const command = `'${process.execPath}' '${LANES_BIN}' status --watch --interval 1; echo $? > '${exitFile}'; exec sleep 600`;
    await tmux(
      '-f',
      '/dev/null',
      'new-session',
      '-d',
      '-s',
      'watch',
      '-x',
      '110',
      '-y',
      '30',
      '-c',
      viewer,
      command,
    );

    const first = await waitForScreen('the session', (text) => text.includes('prd-print'));
    expect(first).toContain('SESSIONS');
    expect(first).toMatch(/prd-print +\[█████░░░░░\] 1\/2/);
    expect(first).toContain('developer-a1b2c3 Ann Lee@ann-laptop');
    for (const row of first.split('\n')) expect([...row].length).toBeLessThanOrEqual(110);
    expect(await paneFlag('alternate_on')).toBe('1');

    // Nothing changed on the remote, yet the ages move on.
    const age = (text: string) => /seen (\S+(?: \d+s)?) ago/.exec(text)?.[1];
    const firstAge = age(first);
    expect(firstAge).toBeDefined();
    await waitForScreen('a later age', (text) => age(text) !== undefined && age(text) !== firstAge);

    const claim = await runLanes(claimer, ['claim', 'prd-free', '--json']);
    expect(claim.exitCode, claim.stderr).toBe(0);
    await waitForScreen('the new claim', (text) => /● prd-free/.test(text));

    await tmux('send-keys', '-t', 'watch', 'q');
    await waitForScreen('the terminal given back', (text) => !text.includes('SESSIONS'));
    const deadline = Date.now() + BOUND_MS;
    let code = '';
    while (code === '' && Date.now() < deadline) {
      code = (await readFile(exitFile, 'utf8').catch(() => '')).trim();
      if (code === '') await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(code).toBe('0');
    expect(await paneFlag('alternate_on')).toBe('0');
    expect(await paneFlag('cursor_flag')).toBe('1');
  });

  it('refuses without a terminal, and with --json', async () => {
    const piped = await runLanes(viewer, ['status', '--watch']);
    expect(piped.exitCode).toBe(2);
    expect(piped.stderr).toContain('stdout is not a terminal');
    const json = await runLanes(viewer, ['status', '--watch', '--json']);
    expect(json.json).toMatchObject({ error: { code: 'E_USAGE' } });
    const interval = await runLanes(viewer, ['status', '--interval', '2', '--json']);
    expect(interval.json).toMatchObject({ error: { code: 'E_USAGE' } });
  });

  it('prints the same view as one static HTML file with --html', async () => {
    const result = await runLanes(viewer, ['status', '--html']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^<!doctype html>/);
    expect(result.stdout).toContain('data-prd="prd-print"');
    expect(result.stdout).toContain('Ann Lee@ann-laptop');
    expect(result.stdout).not.toContain('<script');
  });
});
