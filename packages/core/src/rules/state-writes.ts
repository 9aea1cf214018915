import { serializeDocument } from '../validate/json.js';
import { DOCUMENT_PATHS } from '../validate/paths.js';
import { inconsistentState } from './refusals.js';
import type { StateChange } from './state-change.js';

/** A file to write (content) or delete (null), by repository path. */
export interface FileWrite {
  path: string;
  content: string | null;
}

/**
 * The files a StateChange writes, against the files of the state it was computed on:
 * the two documents when they changed, its written files, and each move as a delete
 * plus a write of the same content. Files that would not change are left out, so an
 * empty list means there is nothing to commit.
 */
export function stateWrites(
  change: StateChange,
  files: Readonly<Record<string, string>>,
): FileWrite[] {
  const writes: FileWrite[] = [];
  const put = (path: string, content: string) => {
    if (files[path] !== content) writes.push({ path, content });
  };
  put(DOCUMENT_PATHS.locks, serializeDocument(change.locks));
  put(DOCUMENT_PATHS.registry, serializeDocument(change.registry));
  for (const file of change.files) {
    if (file.kind === 'write') {
      put(file.path, file.content);
      continue;
    }
    const content = file.content ?? files[file.from];
    if (files[file.from] === undefined || content === undefined) {
      throw inconsistentState(
        `${file.from} is missing on the coordination branch`,
        { file: file.from, code: 'missing-document' },
        { hint: "run 'lanes validate' to see what else is wrong", details: { file: file.from } },
      );
    }
    writes.push({ path: file.from, content: null }, { path: file.to, content });
  }
  return writes;
}
