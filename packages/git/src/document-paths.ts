import type { RawDocuments } from '@lanes/core';

// The files lanes reads as documents (FORMATS.md). Everything else under docs/ is only
// listed in `paths`, so archived PRDs cost nothing to read.
export const SINGLE_DOCUMENTS: readonly string[] = [
  'project.json',
  'docs/project.json',
  'docs/session-locks.json',
  'docs/prd-registry.json',
];
export const PRD_FOLDERS: readonly string[] = ['docs/prds', 'docs/drafts'];

/**
 * The largest lanes document read: every command reads and parses them all, so a file
 * this large is a mistake (a log pasted into a PRD), refused by name rather than read.
 */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export function isDocumentPath(path: string): boolean {
  if (SINGLE_DOCUMENTS.includes(path)) return true;
  const slash = path.lastIndexOf('/');
  return PRD_FOLDERS.includes(path.slice(0, slash)) && path.endsWith('.json');
}

/** Whether a path belongs in RawDocuments.paths: project.json and every file under docs/. */
export function isListedPath(path: string): boolean {
  return path === 'project.json' || path.startsWith('docs/');
}

export const EMPTY_DOCUMENTS: RawDocuments = Object.freeze({ files: {}, paths: [] });

/** The documents after some files were written (content) or deleted (null). */
export function applyWrites(
  raw: RawDocuments,
  writes: readonly { path: string; content: string | null }[],
): RawDocuments {
  const files = { ...raw.files };
  const paths = new Set(raw.paths ?? []);
  for (const { path, content } of writes) {
    if (isDocumentPath(path)) {
      if (content === null) delete files[path];
      else files[path] = content;
    }
    if (isListedPath(path)) {
      if (content === null) paths.delete(path);
      else paths.add(path);
    }
  }
  return { files, paths: [...paths].sort() };
}
