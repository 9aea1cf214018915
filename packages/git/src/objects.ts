import type { Git } from './runner.js';
import { gitFailure } from './runner.js';

/** Used when git has no identity configured, so a transaction never fails for that. */
export const FALLBACK_IDENTITY = { name: 'lanes', email: 'lanes@localhost' } as const;

const EMPTY_TREE: Record<string, string> = {
  sha1: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
  sha256: '6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321',
};

/** The empty tree's id, which every repository of that object format has. */
export function emptyTree(objectFormat: string): string {
  return EMPTY_TREE[objectFormat] ?? EMPTY_TREE.sha1!;
}

const NO_IDENTITY =
  /tell me who you are|unable to auto-detect email|empty ident name|identity unknown|invalid ident|name consists only of disallowed/i;

/** Writes blobs (as given: no line-ending or attribute filters) and returns their shas. */
export function writeBlobs(git: Git, contents: readonly string[]): Promise<string[]> {
  return Promise.all(
    contents.map((content) =>
      git.check(['hash-object', '-w', '--stdin', '--no-filters'], { input: content }),
    ),
  );
}

export interface CommitRequest {
  tree: string;
  parents: readonly string[];
  message: string;
  /** Author and committer date (default: now). */
  date?: Date;
  /** Author and committer (default: the user's git identity, else FALLBACK_IDENTITY). */
  identity?: { name: string; email: string };
}

/** A commit object by plumbing: no index, no HEAD, no hooks. */
export async function commitTree(git: Git, request: CommitRequest): Promise<string> {
  const stamp = `@${Math.floor((request.date ?? new Date()).getTime() / 1000)} +0000`;
  const args = ['commit-tree', '--no-gpg-sign', request.tree];
  for (const parent of request.parents) args.push('-p', parent);
  args.push('-F', '-');
  const env: Record<string, string> = { GIT_AUTHOR_DATE: stamp, GIT_COMMITTER_DATE: stamp };
  const withIdentity = (who: { name: string; email: string }) => ({
    ...env,
    GIT_AUTHOR_NAME: who.name,
    GIT_AUTHOR_EMAIL: who.email,
    GIT_COMMITTER_NAME: who.name,
    GIT_COMMITTER_EMAIL: who.email,
  });

  const input = request.message.endsWith('\n') ? request.message : `${request.message}\n`;
  const first = await git.run(args, {
    input,
    env: request.identity ? withIdentity(request.identity) : env,
  });
  if (first.exitCode === 0) return first.stdout.trim();
  if (request.identity || !NO_IDENTITY.test(first.stderr)) throw gitFailure(args, first);
  return git.check(args, { input, env: withIdentity(FALLBACK_IDENTITY) });
}
