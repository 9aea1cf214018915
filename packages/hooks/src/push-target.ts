import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { remoteRefSha, remoteSettings, type Repository } from '@lanes/git';

// Whether a push goes to the coordinating repository, decided by what it targets and
// not by how its URL is spelled: the same repository reached as `file://…`, `a/./b`,
// through a symlink or under a second remote name is the same remote to guard.

/** The remote name or URL git gave pre-push ($1), and the URL it pushes to ($2). */
export async function pushesToCoordination(
  repo: Repository,
  coords: { remote: string; branch: string },
  args: readonly string[],
): Promise<boolean> {
  const [name, url] = args;
  if (name === undefined || name === coords.remote) return true;
  const wanted = (await remoteSettings(repo, coords.remote)).url;
  const target = (await remoteSettings(repo, url ?? name)).url;
  const [wantedAt, targetAt] = await Promise.all([
    location(wanted, repo.root),
    location(target, repo.root),
  ]);
  if (wantedAt === targetAt) return true;
  return sameCoordinationTip(repo, coords, target);
}

/**
 * Where a URL leads: for a local repository its real path (file:// undone, `.`/`..`
 * and symlinks resolved, a worktree's `.git` or git's `<path>.git` found); other URLs
 * as written, without a trailing slash or `.git`.
 */
export async function location(url: string, base: string): Promise<string> {
  const path = localPath(url);
  if (path === null) return url.replace(/\/+$/, '').replace(/\.git$/, '');
  const absolute = isAbsolute(path) ? path : resolve(base, path);
  for (const candidate of [join(absolute, '.git'), absolute, `${absolute}.git`]) {
    const found = await stat(candidate).catch(() => null);
    if (found?.isDirectory()) return realpath(candidate);
  }
  return absolute;
}

/** The path a URL names on this machine, or null for a URL of another host. */
export function localPath(url: string): string | null {
  if (/^file:\/\//i.test(url))
    return decodeURIComponent(url.replace(/^file:\/\/(localhost)?/i, ''));
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return null;
  // scp-like `host:path` has a colon before any slash.
  if (/^[^/]+:/.test(url)) return null;
  return url;
}

/**
 * A target elsewhere whose coordination branch has the same tip is the coordinating
 * repository too (another URL of one server, a mirror): it is guarded as well.
 * Unreachable or without the branch, it is not.
 */
async function sameCoordinationTip(
  repo: Repository,
  coords: { remote: string; branch: string },
  target: string,
): Promise<boolean> {
  const ref = `refs/heads/${coords.branch}`;
  const [wanted, theirs] = await Promise.all([
    remoteRefSha(repo, coords.remote, ref).catch(() => null),
    remoteRefSha(repo, target, ref).catch(() => null),
  ]);
  return wanted !== null && wanted === theirs;
}
