import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isoSeconds, type CoordinationState } from '@lanes/core';
import { buildState, type StateSpec } from '@lanes/core/testing';
import {
  createSandbox,
  runLanes,
  seedState,
  type LanesRun,
  type Sandbox,
  type SandboxOptions,
  type SeedOptions,
  type SeedState,
} from '@lanes/test-utils';
import { expect } from 'vitest';

// Shared by the scenario tests: a sandbox whose remote already holds a lanes state,
// what the remote holds, what a clone looks like, and the check that a refused command
// changed neither.

/** Now, as the CLI will see it in a moment: a lock with this heartbeat is alive. */
export const NOW = isoSeconds(new Date());

/** An ISO time `minutes` before the real now: staleness is judged against the clock. */
export const ago = (minutes: number) => isoSeconds(new Date(Date.now() - minutes * 60_000));

/** Today's date (UTC), as archive folders name it. */
export const today = () => new Date().toISOString().slice(0, 10);

export function seed(
  sandbox: Sandbox,
  clone: string,
  state: CoordinationState,
  options: SeedOptions = {},
): Promise<string> {
  return seedState(sandbox, clone, state as unknown as SeedState, options);
}

export interface SeededSandboxOptions extends SandboxOptions, SeedOptions {
  /** Which clone commits the state (default the first); it is left on that branch. */
  seeder?: number;
}

/**
 * A sandbox whose remote holds `state` (buildState's spec, or a state built already),
 * committed and pushed from one clone; the other clones were made before and have not
 * fetched it.
 */
export async function seededSandbox(
  state: StateSpec | CoordinationState,
  { clones, files, seeder = 0, ...options }: SeededSandboxOptions = {},
): Promise<Sandbox> {
  const sandbox = await createSandbox({ clones, files });
  const built = 'registry' in state ? state : buildState(state);
  await seed(sandbox, sandbox.clones[seeder]!, built, options);
  return sandbox;
}

/**
 * Registers a ready PRD of one story, touching src/<id>/** unless `fields` say otherwise,
 * through `lanes prd add` from a file beside the clones, as a person would.
 */
export async function addReadyPrd(
  sandbox: Sandbox,
  clone: string,
  id: string,
  fields: Record<string, unknown> = {},
): Promise<void> {
  const file = join(sandbox.root, `${id}.json`);
  const prd = {
    id,
    title: id,
    description: `${id} (test)`,
    touches: [`src/${id}/**`],
    userStories: [{ id: 'US-001', title: 'one', passes: false }],
    ...fields,
  };
  await writeFile(file, JSON.stringify(prd, null, 2));
  await lanesJson(clone, ['prd', 'add', file, '--ready']);
}

/** Every branch tip and lanes ref of the bare remote. */
export function remoteRefs(sandbox: Sandbox): Promise<string> {
  return sandbox.git(sandbox.remote, 'for-each-ref', '--format=%(refname) %(objectname)');
}

export function remoteTip(sandbox: Sandbox, branch: string): Promise<string> {
  return sandbox.git(sandbox.remote, 'rev-parse', `refs/heads/${branch}`);
}

export async function remoteJson<T = Record<string, unknown>>(
  sandbox: Sandbox,
  branch: string,
  path: string,
): Promise<T> {
  return JSON.parse(await sandbox.git(sandbox.remote, 'show', `${branch}:${path}`)) as T;
}

export interface LockJson {
  sessionId: string;
  prdId: string;
  branch: string;
  status: string;
  heartbeat: string;
  currentStory?: string;
  completedStories?: string[];
  worktree?: string;
}

export async function remoteLocks(sandbox: Sandbox, branch = 'main'): Promise<LockJson[]> {
  return (await remoteJson<{ sessions: LockJson[] }>(sandbox, branch, 'docs/session-locks.json'))
    .sessions;
}

export interface EntryJson {
  id: string;
  status: string;
  file: string;
  currentStory?: string;
  stories?: { total: number; completed: number };
  [field: string]: unknown;
}

export async function remoteEntry(
  sandbox: Sandbox,
  prdId: string,
  branch = 'main',
): Promise<EntryJson | undefined> {
  const registry = await remoteJson<{ prds: EntryJson[] }>(
    sandbox,
    branch,
    'docs/prd-registry.json',
  );
  return registry.prds.find((entry) => entry.id === prdId);
}

/** What a command must leave alone in a clone: HEAD, branch, files, branches, worktrees. */
export async function localState(sandbox: Sandbox, clone: string): Promise<string[]> {
  return Promise.all([
    sandbox.git(clone, 'rev-parse', 'HEAD'),
    sandbox.git(clone, 'branch', '--show-current'),
    sandbox.git(clone, 'status', '--porcelain'),
    sandbox.git(clone, 'for-each-ref', 'refs/heads'),
    sandbox.git(clone, 'worktree', 'list', '--porcelain'),
    claimRecord(sandbox, clone).then((record) => JSON.stringify(record)),
    lanesFile(sandbox, clone, 'session').then(String),
  ]);
}

/** A per-worktree lanes file (`session`, `claim.json`) of the worktree at `path`, or null. */
export async function lanesFile(
  sandbox: Sandbox,
  path: string,
  name: string,
): Promise<string | null> {
  const file = await sandbox.git(
    path,
    'rev-parse',
    '--path-format=absolute',
    '--git-path',
    `lanes/${name}`,
  );
  return readFile(file, 'utf8').catch(() => null);
}

/** The claim record of the worktree at `path`, or null. */
export async function claimRecord(
  sandbox: Sandbox,
  path: string,
): Promise<Record<string, string> | null> {
  const text = await lanesFile(sandbox, path, 'claim.json');
  return text === null ? null : (JSON.parse(text) as Record<string, string>);
}

export interface ErrorJson {
  code: string;
  message: string;
  hint?: string;
  [detail: string]: unknown;
}

/**
 * Runs a command that must be refused with `code` and exit `exit`, and checks that
 * neither the remote nor the clone changed. Returns the error document.
 */
export async function expectRefused(
  sandbox: Sandbox,
  clone: string,
  args: string[],
  exit: number,
  code: string,
  env: Record<string, string> = {},
): Promise<ErrorJson> {
  const [remoteBefore, localBefore] = await Promise.all([
    remoteRefs(sandbox),
    localState(sandbox, clone),
  ]);
  const result = await runLanes(clone, [...args, '--json'], { env });
  const error = (result.json as { error?: ErrorJson } | undefined)?.error;
  expect(error?.code, `${args.join(' ')}: ${result.stdout}${result.stderr}`).toBe(code);
  expect(result.exitCode).toBe(exit);
  expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(await remoteRefs(sandbox)).toBe(remoteBefore);
  expect(await localState(sandbox, clone)).toEqual(localBefore);
  return error!;
}

/** Runs a command that must succeed; its JSON. */
export async function lanesJson<T = Record<string, unknown>>(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<T> {
  const result: LanesRun = await runLanes(cwd, [...args, '--json'], { env });
  expect(result.exitCode, `${args.join(' ')}: ${result.stdout}${result.stderr}`).toBe(0);
  return result.json as T;
}
