import type { Git } from '../runner.js';

// Questions about commits that are already in the object store.

/** Whether `ancestor` is `descendant` or one of its ancestors (false for unknown commits). */
export async function isAncestor(git: Git, ancestor: string, descendant: string): Promise<boolean> {
  const result = await git.run(['merge-base', '--is-ancestor', ancestor, descendant]);
  return result.exitCode === 0;
}

export function treeOf(git: Git, commit: string): Promise<string> {
  return git.check(['rev-parse', '--verify', `${commit}^{tree}`]);
}

/** Subjects of the commits in `from..to`, oldest first. */
export async function commitSubjects(git: Git, from: string, to: string): Promise<string[]> {
  const out = await git.check(['log', '--reverse', '--format=%s', `${from}..${to}`]);
  return out === '' ? [] : out.split('\n');
}

/** Paths that differ between two commits. */
export async function changedPaths(git: Git, from: string, to: string): Promise<string[]> {
  const out = await git.check(['diff-tree', '-r', '--name-only', '--no-renames', '-z', from, to]);
  return out.split('\0').filter((path) => path !== '');
}

/**
 * The tree of merging two commits (at their merge base), built in the object store
 * without a worktree; null when they conflict.
 */
export async function mergedTree(git: Git, ours: string, theirs: string): Promise<string | null> {
  const result = await git.run(['merge-tree', '--write-tree', '--no-messages', ours, theirs]);
  if (result.exitCode === 1) return null;
  if (result.exitCode !== 0) await git.check(['merge-tree', '--write-tree', ours, theirs]);
  return result.stdout.split('\n')[0]!.trim();
}

/**
 * The straight line of commits `from..to` copied onto `onto`, each with `onto`'s changes
 * since `from` merged into its tree; author, committer and message kept (a signature
 * would no longer match, so it is dropped). What a rebase does, in the object store,
 * for a line whose changes do not touch what `onto` changed (the caller checks).
 * null when a merge conflicts, or the line has a merge commit.
 */
export async function replayOnto(
  git: Git,
  from: string,
  to: string,
  onto: string,
): Promise<string | null> {
  const line = await git.check(['rev-list', '--reverse', '--parents', `${from}..${to}`]);
  let parent = onto;
  for (const entry of line.split('\n').filter(Boolean)) {
    const [sha, ...parents] = entry.split(' ');
    if (parents.length !== 1) return null;
    const tree = await mergedTree(git, onto, sha!);
    if (tree === null) return null;
    const raw = (await git.run(['cat-file', 'commit', sha!])).stdout;
    parent = await git.check(['hash-object', '-t', 'commit', '-w', '--stdin'], {
      input: withTreeAndParent(raw, tree, parent),
    });
  }
  return parent;
}

/** A raw commit object with another tree and parent, and without a signature. */
function withTreeAndParent(raw: string, tree: string, parent: string): string {
  const split = raw.indexOf('\n\n');
  const headers = raw.slice(0, split).split('\n');
  const kept: string[] = [`tree ${tree}`, `parent ${parent}`];
  let skipping = false;
  for (const header of headers) {
    if (header.startsWith(' ')) {
      if (!skipping) kept.push(header);
      continue;
    }
    skipping = /^(tree|parent|gpgsig|gpgsig-sha256) /.test(header);
    if (!skipping) kept.push(header);
  }
  return `${kept.join('\n')}${raw.slice(split)}`;
}
