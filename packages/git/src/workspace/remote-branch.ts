import { fetchRefs, pushRefspec } from '../remote-ops.js';
import { assertBranchName, remoteComponent } from '../refs.js';
import type { Repository } from '../repository.js';
import { recordTracking } from './tracking.js';

/** Where a fetched branch tip is kept: private, never refs/remotes/*. */
export function fetchedBranchRef(remote: string, branch: string): string {
  return `refs/lanes/branches/${remoteComponent(remote)}/${branch}`;
}

/**
 * Fetches one branch of the remote; its tip sha, or null when the remote has no such
 * branch (then git's tracking ref of it is pruned, as `git fetch --prune` would).
 * `track`: also record the tip in refs/remotes/* — only for branches nobody rewrites
 * (main): for a session branch, the tracking ref is the user's own record of what they
 * have seen, which publishBranch's rewrite check relies on.
 */
export async function fetchBranchTip(
  repo: Repository,
  remote: string,
  branch: string,
  options: { track?: boolean } = {},
): Promise<string | null> {
  assertBranchName(branch);
  const ref = fetchedBranchRef(remote, branch);
  const outcome = await fetchRefs(repo, remote, [`+refs/heads/${branch}:${ref}`]);
  if (outcome === 'missing') {
    await repo.git.run(['update-ref', '-d', ref]);
    await recordTracking(repo, remote, branch, null);
    return null;
  }
  const tip = await repo.git.check(['rev-parse', '--verify', `${ref}^{commit}`]);
  if (options.track) await recordTracking(repo, remote, branch, tip);
  return tip;
}

/** Deletes a branch on the remote; true when it is gone (or was never there). */
export async function deleteRemoteBranch(
  repo: Repository,
  remote: string,
  branch: string,
): Promise<boolean> {
  assertBranchName(branch);
  const status = await pushRefspec(repo, remote, `:refs/heads/${branch}`);
  if (status.kind === 'ok') return true;
  return /remote ref does not exist/i.test(status.reason);
}

/** Pushes a local commit to a remote branch without running hooks (lanes' own bookkeeping). */
export async function pushBranch(
  repo: Repository,
  remote: string,
  sha: string,
  branch: string,
  force = false,
): Promise<boolean> {
  assertBranchName(branch);
  const status = await pushRefspec(repo, remote, `${force ? '+' : ''}${sha}:refs/heads/${branch}`);
  return status.kind === 'ok';
}
