import { createHash } from 'node:crypto';
import { LanesError } from '@lanes/core';
import { messages } from './messages.js';

/** A remote name usable as one ref component; a URL given as "remote" is hashed. */
export function remoteComponent(remote: string): string {
  if (/^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/.test(remote) && !remote.endsWith('.lock')) {
    return remote;
  }
  return `url-${createHash('sha1').update(remote).digest('hex').slice(0, 16)}`;
}

/** The last fetched tip of a remote's coordination branch, kept for `--offline`. */
export function coordinationRef(remote: string, branch: string): string {
  return `refs/lanes/remote/${remoteComponent(remote)}/${branch}`;
}

/** Where the remote's heartbeat refs are mirrored by readLiveness. */
export function heartbeatMirrorPrefix(remote: string): string {
  return `refs/lanes/remote-heartbeats/${remoteComponent(remote)}/`;
}

export const HEARTBEAT_PREFIX = 'refs/lanes/heartbeats/';

/** Rejects a branch name that would be read as an option or break a refspec. */
export function assertBranchName(branch: string): void {
  const bad =
    branch === '' ||
    branch.startsWith('-') ||
    branch.startsWith('/') ||
    branch.endsWith('/') ||
    branch.endsWith('.lock') ||
    branch.includes('..') ||
    branch.includes('//') ||
    branch.includes('@{') ||
    // git check-ref-format forbids control characters, so this pattern must name them.
    // eslint-disable-next-line no-control-regex
    /[\x00-\x20\x7f~^:?*[\\]/.test(branch);
  if (bad) throw new LanesError('E_USAGE', messages.badBranch(branch));
}

export function assertRemoteName(remote: string): void {
  // A remote name reaches git's argv: control characters would be misread.
  // eslint-disable-next-line no-control-regex
  if (remote === '' || remote.startsWith('-') || /[\x00-\x1f\x7f]/.test(remote)) {
    throw new LanesError('E_USAGE', messages.badRemote(remote));
  }
}
