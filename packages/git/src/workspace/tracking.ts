import { realpathSync } from 'node:fs';
import { remoteComponent } from '../refs.js';
import type { Repository } from '../repository.js';
import { isAncestor } from './history.js';
import { localBranchSha, fastForwardTo } from './checkout.js';
import { uncommittedChanges } from './worktree-changes.js';
import { worktreeOfBranch } from './worktree-branches.js';

// lanes fetches into private refs (refs/lanes/*) so that parallel lanes processes never
// fight over the user's refs/remotes/* locks, and pushes to the remote's URL. Neither
// moves what `git status` and `git branch -r` read. These keep git's own view true:
// what lanes learned about a branch of a named remote is written where `git fetch` or
// `git push` would have written it. Best effort: a lost lock race is corrected by the
// next command that touches the branch, and never fails the command that called.

/** `refs/remotes/<remote>/<branch>` for a named remote; null for a URL given as remote. */
export function trackingRef(remote: string, branch: string): string | null {
  return remoteComponent(remote) === remote ? `refs/remotes/${remote}/${branch}` : null;
}

/**
 * Records the remote's branch as `value` (a commit or any revision), or as deleted
 * (null), the way a fetch with `--prune` or a push of a named remote leaves it.
 * `fetched`: what a fetch saw a moment ago may already be older than what the user's
 * own `git push` wrote meanwhile, so it only ever moves the ref forward. `pushed`: lanes
 * itself just put it there (a rebased branch too), so it replaces what was there.
 * Both compare-and-swap against the value read here, never over a concurrent writer.
 */
export async function recordTracking(
  repo: Repository,
  remote: string,
  branch: string,
  value: string | null,
  how: 'fetched' | 'pushed' = 'fetched',
): Promise<void> {
  const ref = trackingRef(remote, branch);
  if (ref === null) return;
  const current = await resolve(repo, ref);
  if (value === null) {
    if (current !== null) await repo.git.run(['update-ref', '--no-deref', '-d', ref, current]);
    return;
  }
  const next = await resolve(repo, value);
  if (next === null || next === current) return;
  if (how === 'fetched' && current !== null && !(await isAncestor(repo.git, current, next))) return;
  await repo.git.run(['update-ref', '--no-deref', ref, next, current ?? '']);
}

async function resolve(repo: Repository, revision: string): Promise<string | null> {
  const result = await repo.git.run(['rev-parse', '--verify', '--quiet', `${revision}^{commit}`]);
  return result.exitCode === 0 ? result.stdout.trim() : null;
}

/** The branch of a push refspec's destination, when it is a branch (`[+]<src>:refs/heads/<b>`). */
export function pushedBranch(refspec: string): { branch: string; source: string | null } | null {
  const colon = refspec.indexOf(':');
  if (colon < 0) return null;
  const destination = refspec.slice(colon + 1);
  if (!destination.startsWith('refs/heads/') || destination.includes('*')) return null;
  const source = refspec.slice(0, colon).replace(/^\+/, '');
  return { branch: destination.slice('refs/heads/'.length), source: source === '' ? null : source };
}

export type FastForwardOutcome =
  | 'fast-forwarded'
  | 'up-to-date'
  /** No local branch of that name, or nothing known about the remote's. */
  | 'absent'
  /** The local branch has commits the remote's does not: they are the user's to push. */
  | 'diverged'
  /** Checked out with uncommitted changes, or in another worktree: left alone. */
  | 'busy';

/**
 * Brings the local `branch` up to the remote-tracking ref when that is a fast-forward
 * and safe: never over unpushed commits, never under a dirty checkout, never in
 * another worktree (whose checkout this process must not touch).
 */
export async function fastForwardLocalBranch(
  repo: Repository,
  remote: string,
  branch: string,
): Promise<FastForwardOutcome> {
  const ref = trackingRef(remote, branch);
  const local = await localBranchSha(repo.git, branch);
  if (ref === null || local === null) return 'absent';
  const tracked = await repo.git.run(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (tracked.exitCode !== 0) return 'absent';
  const target = tracked.stdout.trim();
  if (target === local) return 'up-to-date';
  if (!(await isAncestor(repo.git, local, target))) return 'diverged';
  const checkedOutIn = await worktreeOfBranch(repo.git, branch);
  if (checkedOutIn === null) {
    const moved = await repo.git.run(['update-ref', `refs/heads/${branch}`, target, local]);
    return moved.exitCode === 0 ? 'fast-forwarded' : 'busy';
  }
  if (realpath(checkedOutIn) !== realpath(repo.root)) return 'busy';
  if ((await uncommittedChanges(repo.git)).length > 0) return 'busy';
  return (await fastForwardTo(repo.git, target)) ? 'fast-forwarded' : 'busy';
}

function realpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
