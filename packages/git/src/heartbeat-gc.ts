import { LanesError, SESSION_ID } from '@lanes/core';
import { messages } from './messages.js';
import { HEARTBEAT_PREFIX, assertRemoteName, heartbeatMirrorPrefix } from './refs.js';
import { fetchRefs, pushRefspec } from './remote-ops.js';
import type { Repository } from './repository.js';

// Heartbeat refs of sessions that hold no lock (released, abandoned, taken over by an
// older lanes, killed before their tidy-up) say nothing and would stay for good.

export interface LivenessGc {
  /** Sessions whose heartbeat ref was deleted on the remote. */
  removed: string[];
  /** Sessions that pinged again since they were read: their ref stays. */
  kept: string[];
}

/**
 * Deletes every heartbeat ref on `remote` whose session `holdsLock` says holds no lock.
 * Each deletion is leased on the ping that was read, so a session that claimed and
 * pinged meanwhile keeps its ref.
 */
export async function pruneLiveness(
  repo: Repository,
  remote: string,
  holdsLock: (sessionId: string) => boolean,
): Promise<LivenessGc> {
  assertRemoteName(remote);
  const mirror = heartbeatMirrorPrefix(remote);
  await fetchRefs(repo, remote, [`+${HEARTBEAT_PREFIX}*:${mirror}*`], { prune: true });
  const listed = await repo.git.check([
    'for-each-ref',
    '--format=%(refname) %(objectname)',
    mirror,
  ]);
  const result: LivenessGc = { removed: [], kept: [] };
  for (const line of listed.split('\n').filter(Boolean)) {
    const [refname = '', sha = ''] = line.split(' ');
    const sessionId = refname.slice(mirror.length);
    if (!SESSION_ID.test(sessionId) || holdsLock(sessionId)) continue;
    const ref = `${HEARTBEAT_PREFIX}${sessionId}`;
    const status = await pushRefspec(repo, remote, `:${ref}`, [`${ref}:${sha}`]);
    if (status.kind === 'stale') {
      result.kept.push(sessionId);
      continue;
    }
    if (status.kind === 'refused' && !/does not exist/i.test(status.reason)) {
      throw new LanesError(
        'E_REMOTE',
        messages.refRefused(remote, ref, status.reason, status.said),
        { details: { remote, removed: result.removed } },
      );
    }
    await repo.git.run(['update-ref', '-d', refname]);
    result.removed.push(sessionId);
  }
  return result;
}
