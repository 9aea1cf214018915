import { DOCUMENT_PATHS, isPrdDocumentPath, type RawDocuments } from '@lanes/core';

// The files lanes reads as documents (FORMATS.md), by core's rules. Everything else
// under docs/ is only listed in `paths`, so archived PRDs cost nothing to read.
export const PRD_FOLDERS: readonly string[] = ['docs/prds', 'docs/drafts'];
const SINGLE_DOCUMENTS: readonly string[] = Object.values(DOCUMENT_PATHS);

/**
 * The largest lanes document read: every command reads and parses them all, so a file
 * this large is a mistake (a log pasted into a PRD), refused by name rather than read.
 */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export function isDocumentPath(path: string): boolean {
  return SINGLE_DOCUMENTS.includes(path) || isPrdDocumentPath(path);
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
    // RawDocuments.paths lists project.json and every file under docs/.
    if (path === 'project.json' || path.startsWith('docs/')) {
      if (content === null) paths.delete(path);
      else paths.add(path);
    }
  }
  return { files, paths: [...paths].sort() };
}
