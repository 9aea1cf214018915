import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { inconsistentState, LanesError, type RawDocuments } from '@lanes/core';
import { isDocumentPath, MAX_DOCUMENT_BYTES, PRD_FOLDERS } from './document-paths.js';
import { messages } from './messages.js';
import {
  openObjectReader,
  type CommitInfo,
  type ObjectReader,
  type TreeEntry,
} from './object-reader.js';
import type { Repository } from './repository.js';

const FILE_MODES = new Set(['100644', '100755']);

/**
 * The commit `name` points at (null when none), with the trees of the usual layout
 * (FORMATS.md) asked for in the same round trip: readDocumentsInTree then walks them
 * from memory instead of one round trip per level (on a loaded machine, each waits for
 * two processes to be scheduled). The trees are content-addressed: if `name` moved
 * meanwhile, they are simply not used.
 */
export async function readCommitWithTrees(
  reader: ObjectReader,
  name: string,
): Promise<CommitInfo | null> {
  const trees = [`${name}^{tree}`, ...['docs', ...PRD_FOLDERS].map((dir) => `${name}:${dir}`)];
  const [commit] = await Promise.all([reader.readCommit(name), reader.primeTrees(trees)]);
  return commit;
}

/** The documents in a tree: `paths` by walking docs/ level by level, contents of the documents. */
export async function readDocumentsInTree(
  reader: ObjectReader,
  tree: string,
): Promise<RawDocuments> {
  const root = await reader.readTree(tree);
  const paths: string[] = [];
  const blobs = new Map<string, string>();
  const visit = (prefix: string, entries: TreeEntry[], subtrees: [string, string][]) => {
    for (const entry of entries) {
      const path = prefix + entry.name;
      if (entry.type === 'tree') subtrees.push([`${path}/`, entry.sha]);
      else if (entry.type === 'blob') {
        paths.push(path);
        if (FILE_MODES.has(entry.mode) && isDocumentPath(path)) blobs.set(path, entry.sha);
      }
    }
  };

  const project = root.find((entry) => entry.name === 'project.json' && entry.type === 'blob');
  if (project) visit('', [project], []);
  const docs = root.find((entry) => entry.name === 'docs' && entry.type === 'tree');
  let level: [string, string][] = docs ? [['docs/', docs.sha]] : [];
  while (level.length > 0) {
    const next: [string, string][] = [];
    const trees = await Promise.all(level.map(([, sha]) => reader.readTree(sha)));
    level.forEach(([prefix], index) => visit(prefix, trees[index]!, next));
    level = next;
  }

  const wanted = [...blobs];
  const objects = await reader.read(wanted.map(([, sha]) => sha));
  const files: Record<string, string> = {};
  wanted.forEach(([path], index) => {
    const object = objects[index];
    if (!object) return;
    assertDocumentSize(path, object.data.length);
    files[path] = object.data.toString('utf8');
  });
  return { files, paths: paths.sort() };
}

/** The documents at a local ref or commit, without fetching (`lanes validate --ref`). */
export async function readDocumentsAt(repo: Repository, ref: string): Promise<RawDocuments> {
  if (ref.startsWith('-') || /[\s]/.test(ref)) {
    throw new LanesError('E_USAGE', messages.unknownRef(ref));
  }
  const reader = openObjectReader(repo.git);
  try {
    const commit = await readCommitWithTrees(reader, ref);
    if (!commit)
      throw new LanesError('E_USAGE', messages.unknownRef(ref), { hint: messages.unknownRefHint });
    return await readDocumentsInTree(reader, commit.tree);
  } finally {
    reader.close();
  }
}

/** The same documents as files in a working tree (`lanes validate --worktree`). */
export async function readWorktreeDocuments(root: string): Promise<RawDocuments> {
  const paths: string[] = [];
  if (await isFile(join(root, 'project.json'))) paths.push('project.json');
  await walk(root, 'docs', paths);
  paths.sort();
  const files: Record<string, string> = {};
  await Promise.all(
    paths.filter(isDocumentPath).map(async (path) => {
      assertDocumentSize(path, (await stat(join(root, path))).size);
      files[path] = await readFile(join(root, path), 'utf8');
    }),
  );
  return { files, paths };
}

function assertDocumentSize(path: string, bytes: number): void {
  if (bytes <= MAX_DOCUMENT_BYTES) return;
  throw inconsistentState(
    messages.documentTooLarge(path, bytes, MAX_DOCUMENT_BYTES),
    { file: path, code: 'document-too-large' },
    {
      hint: messages.documentTooLargeHint(path),
      details: { file: path, bytes, limit: MAX_DOCUMENT_BYTES },
    },
  );
}

async function walk(root: string, dir: string, into: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(join(root, dir), { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return;
    throw error;
  }
  await Promise.all(
    entries.map(async (entry) => {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) await walk(root, path, into);
      else if (entry.isFile() || entry.isSymbolicLink()) into.push(path);
    }),
  );
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
