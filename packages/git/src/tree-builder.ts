import { LanesError } from '@lanes/core';
import { messages } from './messages.js';
import type { TreeEntry } from './object-reader.js';
import type { Git } from './runner.js';

/** One file to set (blob sha) or delete (null) in a tree, by repository path. */
export interface TreeWrite {
  path: string;
  sha: string | null;
}

/** Where trees come from and go to; git in production, a Map in unit tests. */
export interface TreeStore {
  readTree(sha: string): Promise<TreeEntry[]>;
  writeTree(entries: readonly TreeEntry[]): Promise<string>;
}

/** Why a path cannot be written, or null when it can. */
export function invalidPathReason(path: string): string | null {
  if (path === '') return 'empty path';
  // mktree's input is line-based: a control character in a path would corrupt it.
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f\\]/.test(path)) return 'control character or backslash';
  const parts = path.split('/');
  for (const part of parts) {
    if (part === '') return 'empty path component (leading, trailing or double slash)';
    if (part === '.' || part === '..') return `'${part}' component`;
    if (part.toLowerCase() === '.git') return "'.git' component";
  }
  return null;
}

/** A change that names a bad or repeated path is a bug in the change, not bad input. */
export function assertWritablePaths(paths: readonly string[]): void {
  const seen = new Set<string>();
  for (const path of paths) {
    const reason = invalidPathReason(path);
    if (reason) throw new LanesError('E_INTERNAL', messages.badWritePath(path, reason));
    if (seen.has(path)) throw new LanesError('E_INTERNAL', messages.duplicateWrite(path));
    seen.add(path);
  }
}

/**
 * Rebuilds only the trees on the written paths (root, docs/, docs/prds/ …): every
 * other subtree is reused by its sha, so the cost does not grow with the repository.
 * Returns the new root tree; folders left empty disappear, as git has no empty folders.
 */
export async function buildTree(
  store: TreeStore,
  baseTree: string | null,
  writes: readonly TreeWrite[],
): Promise<string> {
  assertWritablePaths(writes.map((write) => write.path));
  const root = await rebuild(
    store,
    baseTree,
    '',
    writes.map((write) => ({ ...write, rest: write.path })),
  );
  return root ?? store.writeTree([]);
}

interface PendingWrite extends TreeWrite {
  /** The path below the tree being rebuilt. */
  rest: string;
}

async function rebuild(
  store: TreeStore,
  base: string | null,
  prefix: string,
  writes: readonly PendingWrite[],
): Promise<string | null> {
  const before = base ? await store.readTree(base) : [];
  const entries = new Map(before.map((entry) => [entry.name, entry]));

  const groups = new Map<string, { file?: PendingWrite; nested: PendingWrite[] }>();
  for (const write of writes) {
    const slash = write.rest.indexOf('/');
    const name = slash < 0 ? write.rest : write.rest.slice(0, slash);
    const group = groups.get(name) ?? { nested: [] };
    if (slash < 0) group.file = write;
    else group.nested.push({ ...write, rest: write.rest.slice(slash + 1) });
    groups.set(name, group);
  }

  await Promise.all(
    [...groups].map(async ([name, group]) => {
      const path = prefix + name;
      const existing = entries.get(name);
      if (group.file) {
        if (group.nested.length > 0 || existing?.type === 'tree') {
          throw new LanesError('E_INTERNAL', messages.fileFolderClash(path));
        }
        const { sha } = group.file;
        // A file keeps its mode (an executable stays one); a new one is 100644.
        const mode = existing?.type === 'blob' ? existing.mode : '100644';
        if (sha === null) entries.delete(name);
        else entries.set(name, { mode, type: 'blob', sha, name });
        return;
      }
      if (existing && existing.type !== 'tree') {
        throw new LanesError('E_INTERNAL', messages.fileFolderClash(path));
      }
      const subtree = await rebuild(store, existing?.sha ?? null, `${path}/`, group.nested);
      if (subtree === null) entries.delete(name);
      else entries.set(name, { mode: '040000', type: 'tree', sha: subtree, name });
    }),
  );

  const after = [...entries.values()];
  if (after.length === 0) return null;
  if (base && sameEntries(before, after)) return base;
  return store.writeTree(after);
}

function sameEntries(a: readonly TreeEntry[], b: readonly TreeEntry[]): boolean {
  if (a.length !== b.length) return false;
  const key = (entry: TreeEntry) => `${entry.name}\0${entry.mode}\0${entry.sha}`;
  const keys = new Set(a.map(key));
  return b.every((entry) => keys.has(key(entry)));
}

/** Writes trees with `git mktree` (NUL-separated, so no name needs quoting). */
export function mktreeWriter(git: Git): (entries: readonly TreeEntry[]) => Promise<string> {
  return (entries) =>
    git.check(['mktree', '-z'], {
      input: entries.map((e) => `${e.mode} ${e.type} ${e.sha}\t${e.name}\0`).join(''),
    });
}
