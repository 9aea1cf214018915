/** One line git feeds pre-push: `<local ref> <local sha> <remote ref> <remote sha>`. */
export interface RefUpdate {
  localRef: string;
  localSha: string;
  remoteRef: string;
  remoteSha: string;
}

const ZERO_SHA = /^0+$/;

export function isZeroSha(sha: string): boolean {
  return ZERO_SHA.test(sha);
}

/** Parses pre-push stdin; lines that are not four fields are not git's and are skipped. */
export function parsePushLines(stdin: string): RefUpdate[] {
  const updates: RefUpdate[] = [];
  for (const line of stdin.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length !== 4) continue;
    const [localRef, localSha, remoteRef, remoteSha] = fields as [string, string, string, string];
    if (!/^[0-9a-f]{40,64}$/.test(localSha) || !/^[0-9a-f]{40,64}$/.test(remoteSha)) continue;
    updates.push({ localRef, localSha, remoteRef, remoteSha });
  }
  return updates;
}

/** The branch a remote ref names, or undefined for tags, notes and lanes' own refs. */
export function branchOf(remoteRef: string): string | undefined {
  return remoteRef.startsWith('refs/heads/') ? remoteRef.slice('refs/heads/'.length) : undefined;
}
