import { LanesError } from '@lanes/core';
import { sleep } from './backoff.js';
import { messages } from './messages.js';
import { remoteSettings } from './remote-settings.js';
import type { Repository } from './repository.js';
import type { GitResult } from './runner.js';

export type FetchOutcome = 'ok' | 'missing';

const FETCH_FLAGS = [
  'fetch',
  '--quiet',
  '--no-tags',
  '--no-write-fetch-head',
  // Without an empty refmap, fetching `origin` would also update refs/remotes/origin/*,
  // and parallel fetches in worktrees of one repository fight over those locks.
  '--refmap=',
  '--no-recurse-submodules',
  '--no-auto-maintenance',
  '--no-show-forced-updates',
];

// Two lanes processes of one repository fetching into the same private ref at once:
// the loser cannot lock it. The winner fetched the same thing, so a short retry does.
const LOCAL_LOCK_RETRIES = 4;
const LOCAL_LOCK_CONFLICT =
  /cannot lock ref|Unable to create '.*\.lock'|unable to update local ref/i;

/** Fetches refspecs into private refs. 'missing' when the remote lacks a named ref. */
export async function fetchRefs(
  repo: Repository,
  remote: string,
  refspecs: readonly string[],
  options: { prune?: boolean } = {},
): Promise<FetchOutcome> {
  const { env } = await remoteSettings(repo, remote);
  const args = [...FETCH_FLAGS, ...(options.prune ? ['--prune'] : []), remote, ...refspecs];
  for (let attempt = 1; ; attempt++) {
    const result = await repo.git.run(args, { env, timeoutMs: repo.git.remoteTimeoutMs });
    if (result.exitCode === 0) return 'ok';
    if (/couldn't find remote ref/i.test(result.stderr)) return 'missing';
    if (
      !result.timedOut &&
      LOCAL_LOCK_CONFLICT.test(result.stderr) &&
      attempt < LOCAL_LOCK_RETRIES
    ) {
      await sleep(10 + Math.random() * 40 * attempt);
      continue;
    }
    throw remoteFailure(remote, 'fetch', result, repo.git.remoteTimeoutMs);
  }
}

export type PushStatus =
  | { kind: 'ok' }
  /** The lease failed: the ref moved since it was read. */
  | { kind: 'stale'; reason: string }
  /** The remote refused the update itself (hook, permissions, protected ref). */
  | { kind: 'refused'; reason: string };

const STALE =
  /stale info|fetch first|non-fast-forward|cannot lock ref|incorrect old value|failed to lock|but expected|reference already exists/i;

/** One refspec, pushed without running our own hooks, optionally with leases. */
export async function pushRefspec(
  repo: Repository,
  remote: string,
  refspec: string,
  leases: readonly string[] = [],
): Promise<PushStatus> {
  const { env, pushUrl } = await remoteSettings(repo, remote);
  const args = [
    'push',
    '--porcelain',
    // A push from inside pre-push would run pre-push again; coordination refs skip hooks.
    '--no-verify',
    '--no-signed',
    '--no-follow-tags',
    '--recurse-submodules=no',
    ...leases.map((lease) => `--force-with-lease=${lease}`),
    pushUrl,
    refspec,
  ];
  const result = await repo.git.run(args, { env, timeoutMs: repo.git.remoteTimeoutMs });
  const status = parsePushPorcelain(result.stdout);
  if (!status || result.timedOut)
    throw remoteFailure(remote, 'push', result, repo.git.remoteTimeoutMs);
  if (status.flag !== '!') return { kind: 'ok' };
  return STALE.test(status.summary)
    ? { kind: 'stale', reason: status.summary }
    : { kind: 'refused', reason: status.summary };
}

/** The status line of `git push --porcelain`: `<flag>\t<from>:<to>\t<summary>`. */
export function parsePushPorcelain(stdout: string): { flag: string; summary: string } | null {
  for (const line of stdout.split('\n')) {
    const match = /^([ +\-*!=])\t[^\t]*\t(.*)$/.exec(line);
    if (match) return { flag: match[1]!, summary: match[2]! };
  }
  return null;
}

export function remoteFailure(
  remote: string,
  action: 'fetch' | 'push',
  result: GitResult,
  timeoutMs: number,
): LanesError {
  const detail = result.timedOut ? messages.timedOut(timeoutMs) : gitWords(result.stderr);
  return new LanesError('E_REMOTE', messages.remoteUnreachable(remote, action, detail), {
    hint: messages.remoteHint(remote),
    details: { remote, exitCode: result.exitCode, stderr: result.stderr.trim() },
  });
}

/** git's fatal/error lines, without its generic advice. */
function gitWords(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('hint:'));
  const important = lines.filter((line) => /^(fatal|error|ssh|remote):/i.test(line));
  return (important.length > 0 ? important : lines).join('; ') || 'no output from git';
}
