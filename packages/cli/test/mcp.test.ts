import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { LANES_BIN, sandboxEnv, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lanesJson, remoteEntry, remoteLocks, remoteTip, seededSandbox } from './lifecycle.js';

// `lanes mcp`, the real built CLI process, driven by the MCP SDK's own client over stdio.

type Document = Record<string, unknown>;

const ALPHA_BETA = { prds: [{ id: 'prd-alpha' }, { id: 'prd-beta' }] };

async function connect(cwd: string, env: Record<string, string> = {}): Promise<Client> {
  const clean = Object.entries(sandboxEnv(env)).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [LANES_BIN, 'mcp'],
    cwd,
    env: Object.fromEntries(clean),
    stderr: 'ignore',
  });
  const client = new Client({ name: 'lanes-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

async function call(client: Client, name: string, args: Document = {}) {
  const result = await client.callTool({ name, arguments: args });
  const [text, notes] = (result.content as { type: string; text: string }[]).map((c) => c.text);
  // The text is the same document as the structured content; the notes follow it.
  expect(JSON.parse(text ?? '')).toEqual(result.structuredContent);
  return {
    isError: result.isError === true,
    json: result.structuredContent as Document,
    notes: notes ?? '',
  };
}

/** The session's heartbeat ref time on the remote (unix seconds), or null. */
async function pingTime(sandbox: Sandbox, session: string): Promise<number | null> {
  const result = await sandbox.gitResult(
    sandbox.remote,
    'log',
    '-1',
    '--format=%ct',
    `refs/lanes/heartbeats/${session}`,
  );
  return result.exitCode === 0 ? Number(result.stdout.trim()) : null;
}

/** How many pings the remote ever received from a session (each is a commit of its own). */
async function pingCommits(sandbox: Sandbox, session: string): Promise<number> {
  const objects = await sandbox.git(
    sandbox.remote,
    'cat-file',
    '--batch-all-objects',
    '--batch-check=%(objectname) %(objecttype)',
  );
  const commits = objects
    .split('\n')
    .filter((line) => line.endsWith(' commit'))
    .map((line) => line.split(' ')[0]!);
  const messages = await sandbox.git(
    sandbox.remote,
    'log',
    '--no-walk=unsorted',
    '--format=%B%x00',
    ...commits,
  );
  return messages.split('\0').filter((m) => m.includes(`"sessionId":"${session}"`)).length;
}

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    const value = await probe();
    if (done(value) || attempt > 200) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('lanes mcp', () => {
  let sandbox: Sandbox;
  let c1: string;
  let c2: string;
  let other: string;

  beforeAll(async () => {
    sandbox = await seededSandbox(ALPHA_BETA, { clones: 2 });
    [c1, c2] = sandbox.clones as [string, string];
    // Another session, on another machine, has pushed a change to src/shared.ts.
    other = (await lanesJson<{ sessionId: string }>(c2, ['claim', 'beta'])).sessionId;
    await sandbox.commit(c2, 'US-001 shared', { 'src/shared.ts': 'export const x = 1;\n' });
    await sandbox.git(c2, 'push', '-q', 'origin', 'feature/beta');
  });
  afterAll(() => sandbox.cleanup());

  it('lists the tools and the guide, claims, records a story, checks, releases', async () => {
    const client = await connect(c1);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual(
        ['abandon', 'check', 'claim', 'heartbeat', 'release', 'show', 'status', 'sync'].sort(),
      );
      for (const tool of tools) expect(tool.description).toMatch(/Next:|high/);
      const { resources } = await client.listResources();
      const guide = await client.readResource({ uri: resources[0]!.uri });
      expect((guide.contents[0] as { text: string }).text).toContain('lanes claim');

      const claim = await call(client, 'claim', { prd: 'alpha' });
      expect(claim).toMatchObject({
        isError: false,
        json: { prdId: 'prd-alpha', branch: 'feature/alpha' },
      });
      // What the CLI says on stderr reaches the agent too: it sees no terminal.
      expect(claim.notes).toContain("this clone has no lanes hooks: run 'lanes hooks install'");
      const session = claim.json.sessionId as string;
      // The same claim again is refused with the CLI's own code and document.
      const again = await call(client, 'claim', { prd: 'alpha' });
      expect(again.isError).toBe(true);
      expect(again.json).toMatchObject({ error: { code: 'E_SESSION_BUSY' } });

      const shown = await call(client, 'show');
      expect(shown.json).toMatchObject({
        prdId: 'prd-alpha',
        sessionId: session,
        nextStory: 'US-001',
      });
      const story = await call(client, 'heartbeat', { completed: ['US-001'], story: 'US-002' });
      expect(story.json).toMatchObject({ completedStories: ['US-001'], currentStory: 'US-002' });
      expect(await remoteLocks(sandbox)).toContainEqual(
        expect.objectContaining({
          sessionId: session,
          completedStories: ['US-001'],
          currentStory: 'US-002',
        }),
      );

      const check = await call(client, 'check', { paths: ['src/shared.ts', 'README.md'] });
      expect(check).toMatchObject({
        isError: false,
        json: {
          risk: 'high',
          paths: [
            {
              path: 'src/shared.ts',
              risk: 'high',
              holders: [{ sessionId: other, source: 'branch' }],
            },
            { path: 'README.md', risk: 'none' },
          ],
        },
      });

      await sandbox.commit(c1, 'US-002 alpha work', { 'src/alpha.ts': 'alpha\n' });
      // The branch is pushed and sits on the latest main: the same document as `lanes sync`.
      const synced = await call(client, 'sync');
      expect(synced).toMatchObject({
        isError: false,
        json: { prdId: 'prd-alpha', branch: 'feature/alpha', push: 'pushed' },
      });
      expect(await remoteTip(sandbox, 'feature/alpha')).toBe(
        await sandbox.git(c1, 'rev-parse', 'HEAD'),
      );
      const released = await call(client, 'release');
      expect(released).toMatchObject({
        isError: false,
        json: { prdId: 'prd-alpha', status: 'completed' },
      });
      expect(released.notes).toMatch(/prd-alpha has the merge slot\n\[[\d.]+s\] rebasing: /);
      // What the CLI would have left: the PRD completed, the lock gone, main has the work.
      expect((await remoteLocks(sandbox)).map((lock) => lock.prdId)).toEqual(['prd-beta']);
      expect(await remoteEntry(sandbox, 'prd-alpha')).toBeUndefined();
      const main = await remoteTip(sandbox, 'main');
      expect(await sandbox.git(sandbox.remote, 'show', `${main}:src/alpha.ts`)).toBe('alpha');
      const status = await call(client, 'status');
      expect(status.json.completed).toEqual([expect.objectContaining({ id: 'prd-alpha' })]);
    } finally {
      await client.close();
    }
  });
});

describe('liveness through MCP tool calls', () => {
  let sandbox: Sandbox;
  let busy: string;
  let quiet: string;
  let busySession: string;
  let quietSession: string;

  // Simulated minutes: each step runs lanes `minutes` ahead of the real clock
  // (LANES_NOW_OFFSET_SECONDS), so nothing waits for or races a real timeout.
  const at = (minutes: number) => ({ LANES_NOW_OFFSET_SECONDS: String(minutes * 60) });

  beforeAll(async () => {
    sandbox = await seededSandbox(ALPHA_BETA, { clones: 3 });
    [busy, quiet] = sandbox.clones as [string, string];
    for (const [clone, prd] of [
      [busy, 'alpha'],
      [quiet, 'beta'],
    ] as const) {
      const client = await connect(clone);
      const claimed = await call(client, 'claim', { prd });
      await client.close();
      if (prd === 'alpha') busySession = claimed.json.sessionId as string;
      else quietSession = claimed.json.sessionId as string;
    }
  });
  afterAll(() => sandbox.cleanup());

  async function staleness(minutes: number): Promise<Record<string, boolean>> {
    const status = await lanesJson<{ sessions: { sessionId: string; stale: boolean }[] }>(
      sandbox.clones[2] as string,
      ['status'],
      at(minutes),
    );
    return Object.fromEntries(status.sessions.map((s) => [s.sessionId, s.stale]));
  }

  it('keeps a session that only calls tools alive; one that stops goes stale after the timeout', async () => {
    // The timeout is 10 minutes; the busy session calls a tool every 4 minutes, no commit.
    for (const minutes of [4, 8, 12, 16]) {
      const before = (await pingTime(sandbox, busySession)) ?? 0;
      const client = await connect(busy, at(minutes));
      await call(client, 'status');
      // The ping goes out after the answer, in the background.
      const after = await until(
        () => pingTime(sandbox, busySession),
        (t) => (t ?? 0) > before,
      );
      await client.close();
      expect(after).toBeGreaterThan(before);
      expect(await staleness(minutes + 1)).toMatchObject({ [busySession]: false });
    }
    expect(await staleness(17)).toEqual({ [busySession]: false, [quietSession]: true });
    // Before its timeout the quiet one was alive too.
    expect((await staleness(9))[quietSession]).toBe(false);
  });

  it('pings at most once per interval, however many tools are called', async () => {
    const before = await pingCommits(sandbox, busySession);
    const client = await connect(busy, at(30));
    await call(client, 'status');
    await until(
      () => pingCommits(sandbox, busySession),
      (n) => n > before,
    );
    await call(client, 'show');
    await call(client, 'check', { paths: ['README.md'] });
    await call(client, 'status');
    await client.close();
    expect(await pingCommits(sandbox, busySession)).toBe(before + 1);
  });
});
