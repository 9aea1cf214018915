import { LanesError } from '@lanes/core';
import { pushWithLease } from '../push.js';
import { assertBranchName } from '../refs.js';
import { pushRefspec } from '../remote-ops.js';
import type { Repository } from '../repository.js';
import { isAncestor } from './history.js';
import { landingMessages } from './landing-messages.js';
import { fetchBranchTip } from './remote-branch.js';

export type PublishOutcome = 'pushed' | 'up-to-date';

/**
 * Puts the local commit `sha` on the remote branch, with a lease on the tip just
 * fetched. A fast-forward always goes; a rewritten branch (rebased locally) only when
 * the clone's remote-tracking ref shows the user had seen the remote tip it replaces,
 * so commits someone else pushed are never dropped.
 */
export async function publishBranch(
  repo: Repository,
  remote: string,
  branch: string,
  sha: string,
): Promise<PublishOutcome> {
  assertBranchName(branch);
  const remoteTip = await fetchBranchTip(repo, remote, branch);
  if (remoteTip === sha) return 'up-to-date';
  if (remoteTip !== null && !(await isAncestor(repo.git, remoteTip, sha))) {
    const seen = await repo.git.run([
      'rev-parse',
      '--verify',
      '--quiet',
      `refs/remotes/${remote}/${branch}^{commit}`,
    ]);
    if (seen.exitCode !== 0 || seen.stdout.trim() !== remoteTip) {
      throw new LanesError('E_GIT', landingMessages.branchDiverged(remote, branch), {
        hint: landingMessages.branchDivergedHint(remote, branch),
        details: { remote, branch, local: sha, remoteTip },
      });
    }
  }
  const status = await pushWithLease(repo, remote, sha, `refs/heads/${branch}`, remoteTip);
  if (status === 'rejected') {
    throw new LanesError('E_REMOTE', landingMessages.branchMoved(remote, branch), {
      hint: landingMessages.branchMovedHint,
      details: { remote, branch },
    });
  }
  return 'pushed';
}

export type RemoteBranchDeletion =
  | { kind: 'deleted' }
  /** It moved since `expectedSha`: commits pushed afterwards are kept. */
  | { kind: 'moved' }
  /** The remote refused the deletion itself (`receive.denyDeletes`, a hook, a rule). */
  | { kind: 'refused'; reason: string; said: string[] };

/**
 * Deletes a remote branch only while it still points at `expectedSha` (what was
 * released): commits pushed to it afterwards are never deleted. Gone already counts as
 * deleted.
 */
export async function deleteRemoteBranchAt(
  repo: Repository,
  remote: string,
  branch: string,
  expectedSha: string,
): Promise<RemoteBranchDeletion> {
  assertBranchName(branch);
  const ref = `refs/heads/${branch}`;
  const status = await pushRefspec(repo, remote, `:${ref}`, [`${ref}:${expectedSha}`]);
  if (status.kind === 'ok' || /does not exist/i.test(status.reason)) return { kind: 'deleted' };
  if (status.kind === 'stale') return { kind: 'moved' };
  return { kind: 'refused', reason: status.reason, said: status.said };
}
