import { assertRemoteName } from './refs.js';
import { pushRefspec, refRefusedError } from './remote-ops.js';
import type { Repository } from './repository.js';

/**
 * Moves `remoteRef` to `sha` only if it is still at `expectedSha` (null: only if it
 * does not exist). 'rejected' means someone else moved it first; a remote that
 * refuses the update for another reason (hook, protection) is E_REMOTE.
 */
export async function pushWithLease(
  repo: Repository,
  remote: string,
  sha: string,
  remoteRef: string,
  expectedSha: string | null,
): Promise<'ok' | 'rejected'> {
  assertRemoteName(remote);
  const ref = remoteRef.startsWith('refs/') ? remoteRef : `refs/heads/${remoteRef}`;
  const status = await pushRefspec(repo, remote, `${sha}:${ref}`, [`${ref}:${expectedSha ?? ''}`]);
  if (status.kind === 'ok') return 'ok';
  if (status.kind === 'stale') return 'rejected';
  throw refRefusedError(remote, ref, status);
}
