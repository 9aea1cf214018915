import { fetchRefs, pushRefspec } from '../remote-ops.js';
import { assertBranchName, remoteComponent } from '../refs.js';
import type { Repository } from '../repository.js';

/** Where a fetched branch tip is kept: private, never refs/remotes/*. */
export function fetchedBranchRef(remote: string, branch: string): string {
  return `refs/lanes/branches/${remoteComponent(remote)}/${branch}`;
}

/** Fetches one branch of the remote; its tip sha, or null when the remote has no such branch. */
export async function fetchBranchTip(
  repo: Repository,
  remote: string,
  branch: string,
): Promise<string | null> {
  assertBranchName(branch);
  const ref = fetchedBranchRef(remote, branch);
  const outcome = await fetchRefs(repo, remote, [`+refs/heads/${branch}:${ref}`]);
  if (outcome === 'missing') {
    await repo.git.run(['update-ref', '-d', ref]);
    return null;
  }
  return repo.git.check(['rev-parse', '--verify', `${ref}^{commit}`]);
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
