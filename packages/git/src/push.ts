import { LanesError } from '@lanes/core';
import { messages } from './messages.js';
import { assertRemoteName } from './refs.js';
import { pushRefspec } from './remote-ops.js';
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
  throw new LanesError('E_REMOTE', messages.refRefused(remote, ref, status.reason, status.said), {
    hint: messages.remoteHint(remote, 'refused'),
    details: { remote, ref, kind: 'refused', reason: status.reason, serverSaid: status.said },
  });
}
