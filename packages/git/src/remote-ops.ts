import { stat, unlink } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { LanesError } from '@lanes/core';
import { sleep } from './backoff.js';
import { messages } from './messages.js';
import { remoteSettings } from './remote-settings.js';
import { reasonText, serverWords } from './server-words.js';
import type { Repository } from './repository.js';
import type { GitResult } from './runner.js';
import { pushedBranch, recordTracking } from './workspace/tracking.js';

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
const FETCH_RETRIES = 4;
const LOCAL_LOCK_CONFLICT =
  /cannot lock ref|Unable to create '.*\.lock'|unable to update local ref/i;
// The remote's refs changed while it listed them: a ref deleted at that moment can be
// read as a broken ref, listed with an all-zero id, which the fetch then asks for
// (heartbeat refs are deleted as sessions end). The next fetch sees the refs as they are.
const REMOTE_REF_RACE = /not our ref/i;
// `git worktree add` in this clone (a parallel `claim --worktree`) gives the new worktree
// an all-zero HEAD until it points it at the branch; a fetch checking what it got against
// every ref meanwhile reads that HEAD as a bad object. It is gone a moment later.
const WORKTREE_BEING_ADDED = /bad object worktrees\/([^\s/]+)\/HEAD/i;

/** What a failed fetch's stderr says about trying again. */
export function fetchFailureKind(
  stderr: string,
): 'missing' | 'local-lock' | 'remote-race' | 'worktree-added' | null {
  if (/couldn't find remote ref/i.test(stderr)) return 'missing';
  if (LOCAL_LOCK_CONFLICT.test(stderr)) return 'local-lock';
  if (REMOTE_REF_RACE.test(stderr)) return 'remote-race';
  if (WORKTREE_BEING_ADDED.test(stderr)) return 'worktree-added';
  return null;
}

/** Fetches refspecs into private refs. 'missing' when the remote lacks a named ref. */
export async function fetchRefs(
  repo: Repository,
  remote: string,
  refspecs: readonly string[],
  options: { prune?: boolean } = {},
): Promise<FetchOutcome> {
  const { env } = await remoteSettings(repo, remote);
  const args = [...FETCH_FLAGS, ...(options.prune ? ['--prune'] : []), remote, ...refspecs];
  const call = { env, timeoutMs: repo.git.remoteTimeoutMs };
  for (let attempt = 1; ; attempt++) {
    const result = await repo.git.run(args, call);
    if (result.exitCode === 0) return 'ok';
    const kind = fetchFailureKind(result.stderr);
    if (kind === 'missing') return 'missing';
    if (kind !== null && !result.timedOut && attempt < FETCH_RETRIES) {
      if (!(await removeAbandonedRefLock(repo, result.stderr))) {
        await sleep(10 + Math.random() * 40 * attempt);
      }
      continue;
    }
    if (kind === 'worktree-added') throw halfMadeWorktree(repo, result.stderr);
    throw remoteFailure(repo, remote, 'fetch', result);
  }
}

/** A placeholder HEAD that stayed: a `git worktree add` that was killed half way. */
function halfMadeWorktree(repo: Repository, stderr: string): LanesError {
  const name = WORKTREE_BEING_ADDED.exec(stderr)![1]!;
  const admin = join(repo.commonDir, 'worktrees', name);
  return new LanesError('E_LOCAL_STATE', messages.halfMadeWorktree(admin), {
    hint: messages.halfMadeWorktreeHint(admin),
    details: { reason: 'worktree half made', paths: [admin], stderr: stderr.trim() },
  });
}

// git holds a ref's lock file for milliseconds; one this old was left by a git that was
// killed (SIGKILL of its group, a crash, power loss) and would block the ref for good.
const ABANDONED_LOCK_MS = 10_000;
const LOCK_FILE = /Unable to create '([^']+\.lock)': File exists/;

/**
 * Removes an abandoned lock file of one of lanes' private refs (refs/lanes/*), never of
 * the user's refs. Returns whether it removed one.
 */
async function removeAbandonedRefLock(repo: Repository, stderr: string): Promise<boolean> {
  const file = LOCK_FILE.exec(stderr)?.[1];
  const own = join(repo.commonDir, 'refs', 'lanes') + sep;
  if (!file || !resolve(repo.root, file).startsWith(own)) return false;
  const path = resolve(repo.root, file);
  const age = await stat(path).then(
    (info) => Date.now() - info.mtimeMs,
    () => 0,
  );
  if (age < ABANDONED_LOCK_MS) return false;
  await unlink(path).catch(() => {});
  return true;
}

/**
 * The sha the remote shows for one ref to a reader (`git ls-remote`), null when it
 * shows none: absent, or hidden from readers (`uploadpack.hideRefs`).
 */
export async function remoteRefSha(
  repo: Repository,
  remote: string,
  ref: string,
): Promise<string | null> {
  const { env, url } = await remoteSettings(repo, remote);
  const result = await repo.git.run(['ls-remote', '--refs', url, ref], {
    env,
    timeoutMs: repo.git.remoteTimeoutMs,
  });
  if (result.exitCode !== 0) throw remoteFailure(repo, remote, 'fetch', result);
  const line = result.stdout.split('\n').find((entry) => entry.endsWith(`\t${ref}`));
  return line ? line.slice(0, line.indexOf('\t')) : null;
}

export type PushStatus =
  | { kind: 'ok' }
  /** The lease failed: the ref moved since it was read. */
  | { kind: 'stale'; reason: string }
  /**
   * The remote refused the update itself (hook, permissions, protected ref); `said`:
   * the server's own lines (a hook's message), for the error to carry.
   */
  | { kind: 'refused'; reason: string; said: string[] };

/** E_REMOTE for a ref the remote refused to update, carrying the server's words. */
export function refRefusedError(
  remote: string,
  ref: string,
  status: { reason: string; said: string[] },
): LanesError {
  const { reason, said } = status;
  return new LanesError('E_REMOTE', messages.refRefused(remote, ref, reason, said), {
    hint: messages.remoteHint(remote, 'refused'),
    details: { remote, ref, kind: 'refused', reason, serverSaid: said },
  });
}

const STALE =
  /stale info|fetch first|non-fast-forward|cannot lock ref|incorrect old value|failed to lock|but expected|reference already exists/i;

/**
 * One refspec, pushed without running our own hooks, optionally with leases. `prune`:
 * pattern refspecs (`<src>/*:<dst>/*`) whose remote refs without a local counterpart
 * the same push deletes. The status is the refspec's.
 */
export async function pushRefspec(
  repo: Repository,
  remote: string,
  refspec: string,
  leases: readonly string[] = [],
  prune: readonly string[] = [],
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
    ...(prune.length > 0 ? ['--prune'] : []),
    ...leases.map((lease) => `--force-with-lease=${lease}`),
    pushUrl,
    refspec,
    ...prune,
  ];
  const result = await repo.git.run(args, { env, timeoutMs: repo.git.remoteTimeoutMs });
  const line = parsePushPorcelain(result.stdout, refspec.slice(refspec.indexOf(':') + 1));
  if (!line || result.timedOut) throw remoteFailure(repo, remote, 'push', result);
  if (line.flag === '!') {
    return STALE.test(line.summary) || lostRaceAtRemote(line.summary, result.stderr)
      ? { kind: 'stale', reason: line.summary }
      : { kind: 'refused', reason: line.summary, said: serverWords(result.stderr).lines };
  }
  // A push to the URL does not move refs/remotes/*; a push of the named remote would.
  const pushed = pushedBranch(refspec);
  if (pushed) await recordTracking(repo, remote, pushed.branch, pushed.source, 'pushed');
  return { kind: 'ok' };
}

/**
 * Two pushes that passed the lease check at once: the remote's own compare-and-swap
 * lets one through and reports `[remote rejected] (failed to update ref)` (for an
 * atomic push, `(atomic transaction failed)`) to the other, saying why only on stderr:
 * `remote: error: cannot lock ref …: is at X but expected Y`, or the ref's lock file
 * held by the winner. That is a lost race, not a refusal; the same summary with any
 * other reason (permissions, a full disk) is one.
 */
export function lostRaceAtRemote(summary: string, stderr: string): boolean {
  return (
    /failed to update ref|atomic transaction failed/i.test(summary) &&
    /cannot lock ref|but expected|incorrect old value|\.lock'?: File exists/i.test(stderr)
  );
}

/** The status line of `git push --porcelain` (`<flag>\t<from>:<to>\t<summary>`) for the remote ref `to`. */
export function parsePushPorcelain(
  stdout: string,
  to: string,
): { flag: string; summary: string } | null {
  for (const line of stdout.split('\n')) {
    const match = /^([ +\-*!=])\t([^\t]*)\t(.*)$/.exec(line);
    if (match?.[2]!.endsWith(`:${to}`)) {
      return { flag: match[1]!, summary: match[3]! };
    }
  }
  return null;
}

function remoteFailure(
  repo: Repository,
  remote: string,
  action: 'fetch' | 'push',
  result: GitResult,
): LanesError {
  const words = serverWords(result.stderr);
  const kind = result.timedOut ? 'unreachable' : words.kind;
  const detail = result.timedOut ? messages.timedOut(repo.git.remoteTimeoutMs) : reasonText(words);
  return new LanesError('E_REMOTE', messages.remoteUnreachable(remote, action, detail), {
    hint: messages.remoteHint(remote, kind),
    details: {
      remote,
      kind,
      exitCode: result.exitCode,
      stderr: result.stderr.trim(),
      ...(words.lines.length > 0 ? { serverSaid: words.lines } : {}),
    },
  });
}
