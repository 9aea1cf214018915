// `pnpm demo`: the whole lanes story in a throwaway sandbox — a bare remote and three
// clones acting as three sessions (alice, bob, carol), hooks installed, the real CLI
// and real git. Every step checks what it expects; the demo exits 0 only if all did.
// `--keep` keeps the sandbox and says where.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createSandbox,
  run,
  runLanes,
  sandboxEnv,
  type LanesRun,
  type Sandbox,
} from '../packages/test-utils/src/index.js';

const keep = process.argv.includes('--keep');
const started = performance.now();
let checks = 0;

class DemoFailure extends Error {}

// Where lanes keeps its documents (agents.coordination.branch, lanes init's default);
// the work lands on main, which gets no lanes commits.
const COORDINATION_BRANCH = 'lanes/state';
const STALE_AFTER_MINUTES = 10;
const LATER_MINUTES = 15;

function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

function check(what: string, ok: boolean, detail?: () => string): void {
  if (!ok) {
    say(`  ✗ ${what}`);
    const seen = detail ? detail() : '(no lanes output: this check read git directly)';
    throw new DemoFailure(`expected: ${what}\nsaw:\n${indent(seen)}`);
  }
  checks++;
  say(`  ✓ ${what}`);
}

function showRun(result: LanesRun | { stdout: string; stderr: string; exitCode: number }): string {
  return `exit ${result.exitCode}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

interface Clone {
  name: string;
  dir: string;
}

// The demo's clock: 0 until step 6, where "time passes" by running every later command
// (and the hooks git starts from them) ahead through LANES_NOW_OFFSET_SECONDS. Staleness
// is then a fact of the story, not a race between a short timeout and a slow machine.
let clock: Record<string, string> = {};

async function lanes(who: Clone, args: string[], env: Record<string, string> = {}) {
  say(`  $ ${who.name}: lanes ${args.join(' ')}`);
  const result = await runLanes(who.dir, args, { env: { ...clock, ...env } });
  say(`    → ${digest(result)}`);
  return result;
}

/** Runs git as `who` (its hooks fire), echoing the command and what the hooks said. */
async function gitAs(who: Clone, args: string[], env: Record<string, string> = {}) {
  const shown = Object.entries(env).map(([key, value]) => `${key}=${value} `);
  say(`  $ ${who.name}: ${shown.join('')}git ${args.join(' ')}`);
  const result = await run('git', args, { cwd: who.dir, env: sandboxEnv({ ...clock, ...env }) });
  // The hooks' words (and git's) go to stderr; a dozen lines say all that matters.
  const said = result.stderr.trimEnd().split('\n').filter(Boolean).slice(0, 12);
  say(`    → exit ${result.exitCode}${said.length ? `\n${indent(said.join('\n'))}` : ''}`);
  return result;
}

/** One line of what lanes answered: the error code and message, or the result's fields. */
function digest(result: LanesRun): string {
  const value = result.json as Record<string, unknown> | undefined;
  if (!value || typeof value !== 'object') {
    return (result.stderr || result.stdout).trim().split('\n')[0] ?? `exit ${result.exitCode}`;
  }
  const error = value.error as { code?: string; message?: string } | undefined;
  if (error) return `exit ${result.exitCode}: ${error.code} ${error.message ?? ''}`.trim();
  const fields = Object.entries(value)
    .filter(([key]) => key !== 'ok')
    .map(([key, field]) =>
      Array.isArray(field)
        ? `${key}: ${field.length}${field.length ? ` (${field.map(name).join(', ')})` : ''}`
        : typeof field === 'object' || field === null
          ? ''
          : `${key}=${String(field)}`,
    )
    .filter(Boolean);
  const text = fields.join(' ');
  return text.length > 150 ? `${text.slice(0, 147)}...` : text || `exit ${result.exitCode}`;
}

/** A list entry's name in a digest: itself when a string, else its PRD id or id. */
function name(entry: unknown): string {
  if (typeof entry === 'string') return entry;
  const record = (entry ?? {}) as { prdId?: unknown; id?: unknown };
  return String(record.prdId ?? record.id ?? '…');
}

async function status(who: Clone, title: string): Promise<void> {
  const result = await runLanes(who.dir, ['status'], { env: clock });
  say(`\n  ── lanes status (${title}) ──`);
  say(indent(result.stdout || result.stderr));
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function prd(id: string, title: string, touches: string[], dependsOn: string[] = []) {
  return {
    id,
    title,
    description: `${title} (demo)`,
    ...(dependsOn.length ? { dependsOn } : {}),
    touches,
    userStories: [
      { id: 'US-001', title: `${title}: first story`, passes: false },
      { id: 'US-002', title: `${title}: second story`, passes: false },
    ],
  };
}

async function main(sandbox: Sandbox): Promise<void> {
  let alice: Clone | undefined;
  let bob: Clone | undefined;
  let carol: Clone | undefined;
  for (const name of ['alice', 'bob', 'carol']) {
    const clone = { name, dir: await sandbox.addClone(name) };
    if (name === 'alice') alice = clone;
    else if (name === 'bob') bob = clone;
    else carol = clone;
  }
  const remoteFile = (ref: string, path: string) =>
    sandbox.git(sandbox.remote, 'show', `${ref}:${path}`);
  const remoteJson = async <T>(path: string): Promise<T> =>
    JSON.parse(await remoteFile(COORDINATION_BRANCH, path)) as T;

  say('\n1. alice turns coordination on');
  const mainAtStart = await sandbox.git(sandbox.remote, 'rev-parse', 'main');
  let result = await lanes(alice!, ['init', '--json']);
  const init = result.json as { branch?: string; branchReason?: string } | undefined;
  check(
    `lanes init commits the docs skeleton to origin/${COORDINATION_BRANCH}, a branch of its own`,
    result.exitCode === 0 &&
      init?.branch === COORDINATION_BRANCH &&
      init.branchReason === 'default',
    () => showRun(result),
  );
  const locks = await remoteJson<{ sessions: unknown[] }>('docs/session-locks.json');
  check(
    `origin/${COORDINATION_BRANCH} has an empty docs/session-locks.json; main is untouched`,
    Array.isArray(locks.sessions) &&
      locks.sessions.length === 0 &&
      (await sandbox.git(sandbox.remote, 'rev-parse', 'main')) === mainAtStart,
  );

  // A realistic timeout (a session is stale after 10 minutes without a sign of life),
  // every commit pings, and the merge queue runs a (tiny) quality check. The settings
  // live on the coordination branch: alice edits them there, and goes back to main.
  await sandbox.git(alice!.dir, 'fetch', '-q', 'origin');
  await sandbox.git(alice!.dir, 'switch', '-q', COORDINATION_BRANCH);
  const projectPath = join(alice!.dir, 'project.json');
  const project = JSON.parse(await readFile(projectPath, 'utf8'));
  project.agents.heartbeatTimeoutMinutes = STALE_AFTER_MINUTES;
  project.agents.coordination.heartbeatIntervalSeconds = 0;
  project.agents.mergeQueue.qualityCheck = 'test -f src/shared.ts';
  await writeFile(projectPath, json(project));
  await sandbox.commit(alice!.dir, 'chore: lanes settings for the demo');
  const pushed = await gitAs(alice!, ['push', '-q', 'origin', COORDINATION_BRANCH]);
  check(
    'a config change to the coordination branch passes the pre-push validation',
    pushed.exitCode === 0,
    () => showRun(pushed),
  );
  await sandbox.git(alice!.dir, 'switch', '-q', 'main');

  for (const who of [bob!, carol!]) {
    result = await lanes(who, ['init', '--json']);
    check(
      `${who.name}'s clone finds ${COORDINATION_BRANCH} without a flag and gets the hooks`,
      result.exitCode === 0 &&
        (result.json as { branch?: string } | undefined)?.branch === COORDINATION_BRANCH,
      () => showRun(result),
    );
  }

  say('\n2. three PRDs: a and b both touch src/shared.ts; c depends on a');
  const plans = join(sandbox.root, 'plans');
  await mkdir(plans, { recursive: true });
  const prds = [
    prd('prd-greeting', 'Greeting', ['src/shared.ts', 'src/greeting/**']),
    prd('prd-farewell', 'Farewell', ['src/shared.ts', 'src/farewell/**']),
    prd('prd-report', 'Report', ['src/report/**'], ['prd-greeting']),
  ];
  for (const file of prds) {
    const path = join(plans, `${file.id}.json`);
    await writeFile(path, json(file));
    result = await lanes(alice!, ['prd', 'add', path, '--ready', '--json']);
    check(`${file.id} registered as ready`, result.exitCode === 0, () => showRun(result));
  }

  say('\n3. claims');
  result = await lanes(carol!, ['claim', 'prd-report', '--json']);
  check(
    'carol cannot claim prd-report yet: E_DEPENDENCIES_UNMET (exit 3)',
    result.exitCode === 3 && JSON.stringify(result.json).includes('E_DEPENDENCIES_UNMET'),
    () => showRun(result),
  );
  result = await lanes(alice!, ['claim', 'prd-greeting', '--json']);
  check('alice claims prd-greeting and is on feature/greeting', result.exitCode === 0, () =>
    showRun(result),
  );
  let branch = await sandbox.git(alice!.dir, 'branch', '--show-current');
  check(
    "alice's worktree switched to the PRD's branch",
    branch === 'feature/greeting',
    () => `alice's worktree is on '${branch}'`,
  );
  result = await lanes(bob!, ['claim', 'prd-farewell', '--json']);
  check('bob claims prd-farewell', result.exitCode === 0, () => showRun(result));
  check(
    'with a risk warning: both PRDs touch src/shared.ts',
    /medium|low/.test(JSON.stringify(result.json) + result.stderr) &&
      (JSON.stringify(result.json) + result.stderr).includes('src/shared.ts'),
    () => showRun(result),
  );

  say('\n4. commits refresh heartbeats through the post-commit hook');
  say(`  $ alice: git commit -m 'US-001 greet in the shared module'`);
  await sandbox.commit(alice!.dir, 'US-001 greet in the shared module', {
    'src/shared.ts': 'export const message = "hello from greeting";\n',
    'src/greeting/index.ts': 'export { message } from "../shared";\n',
  });
  say(`  $ bob: git commit -m 'US-001 say goodbye in the shared module'`);
  await sandbox.commit(bob!.dir, 'US-001 say goodbye in the shared module', {
    'src/shared.ts': 'export const message = "goodbye from farewell";\n',
  });
  // The hook's ping runs detached from the commit: wait for it to land (a generous
  // bound, for a loaded machine), looking as carol would.
  let view: LanesRun | undefined;
  const seen = await waitFor(async () => {
    view = await runLanes(carol!.dir, ['status', '--json'], { env: clock });
    const sessions =
      (view.json as { sessions?: { prdId: string; currentStory?: string }[] })?.sessions ?? [];
    return sessions.find((s) => s.prdId === 'prd-greeting')?.currentStory === 'US-001'
      ? sessions
      : undefined;
  });
  check(
    "carol sees alice's current story US-001 (from the commit subject, via the hook)",
    seen !== undefined,
    () => `carol: lanes status --json, last of many looks\n${view ? showRun(view) : ''}`,
  );
  await status(carol!, 'two sessions at work');

  say('\n5. the pre-push guard');
  const alicePush = await gitAs(alice!, ['push', '-q', '-u', 'origin', 'feature/greeting']);
  check('alice pushes her branch (nothing collides yet)', alicePush.exitCode === 0, () =>
    showRun(alicePush),
  );
  const bobPush = await gitAs(bob!, ['push', '-q', '-u', 'origin', 'feature/farewell']);
  check(
    "bob's push is blocked: a real conflict with alice's branch in src/shared.ts",
    bobPush.exitCode !== 0 &&
      bobPush.stderr.includes('src/shared.ts') &&
      bobPush.stderr.includes('prd-greeting'),
    () => showRun(bobPush),
  );
  const override = await gitAs(bob!, ['push', '-q', '-u', 'origin', 'feature/farewell'], {
    LANES_ALLOW_CONFLICT: '1',
  });
  check(
    'LANES_ALLOW_CONFLICT=1 lets it through, and says so',
    override.exitCode === 0 && /LANES_ALLOW_CONFLICT|override/i.test(override.stderr),
    () => showRun(override),
  );

  say('\n6. bob goes quiet; carol takes over his PRD');
  say(
    `  (${LATER_MINUTES} minutes pass: every later command runs with LANES_NOW_OFFSET_SECONDS=${LATER_MINUTES * 60}`,
  );
  say(`   — alice keeps working, bob sends nothing, and he is stale after ${STALE_AFTER_MINUTES})`);
  clock = { LANES_NOW_OFFSET_SECONDS: String(LATER_MINUTES * 60) };
  result = await lanes(alice!, ['heartbeat', '--completed', 'US-001', '--json']);
  check('alice records US-001 as completed (and stays alive)', result.exitCode === 0, () =>
    showRun(result),
  );
  result = await lanes(carol!, ['stale', '--json']);
  const stale = (result.json as { sessions?: { prdId: string }[] })?.sessions ?? [];
  check(
    'lanes stale lists bob (prd-farewell) and only him',
    stale.length === 1 && stale[0]?.prdId === 'prd-farewell',
    () => showRun(result),
  );
  await status(carol!, 'bob is stale');
  result = await lanes(carol!, ['resume', 'prd-farewell', '--json']);
  check('carol resumes prd-farewell on its branch', result.exitCode === 0, () => showRun(result));
  branch = await sandbox.git(carol!.dir, 'branch', '--show-current');
  check(
    "carol's worktree is on feature/farewell",
    branch === 'feature/farewell',
    () => `carol's worktree is on '${branch}'`,
  );
  result = await lanes(bob!, ['heartbeat', '--json']);
  check(
    "bob's next heartbeat is refused: E_NOT_OWNER",
    result.exitCode === 3 && JSON.stringify(result.json).includes('E_NOT_OWNER'),
    () => showRun(result),
  );

  say('\n7. alice releases through the merge queue');
  result = await lanes(alice!, ['release', '--json']);
  check('the release lands on main', result.exitCode === 0, () => showRun(result));
  const registry = await remoteJson<{ completed: { id: string; mergeCommit?: string }[] }>(
    'docs/prd-registry.json',
  );
  const done = registry.completed.find((entry) => entry.id === 'prd-greeting');
  check(
    'the registry has prd-greeting as completed, with its merge commit',
    Boolean(done?.mergeCommit),
  );
  check(
    "main has alice's work",
    (await remoteFile('main', 'src/shared.ts')).includes('hello from greeting'),
  );
  branch = await sandbox.git(alice!.dir, 'branch', '--show-current');
  const remoteBranch = await sandbox.gitResult(
    sandbox.remote,
    'rev-parse',
    '--verify',
    '-q',
    'refs/heads/feature/greeting',
  );
  check(
    'alice is back on main and her feature branch is gone from the remote',
    branch === 'main' && remoteBranch.exitCode !== 0,
    () =>
      `alice's worktree is on '${branch}'; the remote's feature/greeting: ${remoteBranch.stdout.trim() || 'gone'}`,
  );

  say('\n8. carol abandons prd-farewell, then claims prd-report');
  result = await lanes(carol!, [
    'abandon',
    'prd-farewell',
    '--reason',
    'superseded by prd-greeting',
    '--json',
  ]);
  check('prd-farewell is abandoned', result.exitCode === 0, () => showRun(result));
  const archive = (
    await sandbox.git(
      sandbox.remote,
      'ls-tree',
      '-r',
      '--name-only',
      COORDINATION_BRANCH,
      'docs/abandoned',
    )
  ).split('\n');
  check(
    'archived with reason.md under docs/abandoned/',
    archive.some((path) => /prd-farewell\/reason\.md$/.test(path)),
  );
  result = await lanes(carol!, ['claim', 'prd-report', '--json']);
  check('now that prd-greeting is done, carol can claim prd-report', result.exitCode === 0, () =>
    showRun(result),
  );

  await status(carol!, 'the end');
  result = await lanes(carol!, ['validate', '--json']);
  check('the shared state is valid', result.exitCode === 0, () => showRun(result));
  const lanesCommitsOnMain = await sandbox.git(
    sandbox.remote,
    'log',
    '--format=%h %s',
    'main',
    '--',
    'docs/session-locks.json',
    'docs/prd-registry.json',
  );
  check(
    `main's history has no lanes commits: every claim, heartbeat and queue move went to ${COORDINATION_BRANCH}`,
    lanesCommitsOnMain === '',
    () => lanesCommitsOnMain,
  );
}

async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return undefined;
}

const sandbox = await createSandbox({
  clones: 0,
  files: {
    'README.md': '# demo project\n',
    'src/shared.ts': 'export const message = "hello";\n',
  },
});
say(`lanes demo — sandbox ${sandbox.root}`);
let exitCode = 0;
try {
  await main(sandbox);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  say(`\ndemo passed: ${checks} checks in ${seconds} s`);
} catch (error) {
  exitCode = 1;
  const detail =
    error instanceof DemoFailure ? error.message : String((error as Error)?.stack ?? error);
  say(`\ndemo FAILED after ${checks} checks:\n${indent(detail)}`);
  if (!keep) say('to look inside, keep the sandbox: pnpm demo -- --keep');
} finally {
  if (keep) say(`sandbox kept at ${sandbox.root}`);
  else await sandbox.cleanup();
}
process.exit(exitCode);
