import type { Diagnostic, PrdRegistryDocument, SessionLocksDocument } from '../../types.js';
import { diagnostic } from '../diagnostic.js';
import { messages } from '../messages.js';
import { DOCUMENT_PATHS } from '../paths.js';
import { describePointer, joinPointer } from '../pointer.js';

/** The repository paths known to exist, answering for files and for directories. */
export class KnownPaths {
  private readonly files: ReadonlySet<string>;
  private readonly directories = new Set<string>();

  constructor(paths: Iterable<string>) {
    this.files = new Set(paths);
    for (const path of this.files) {
      for (let cut = path.indexOf('/'); cut !== -1; cut = path.indexOf('/', cut + 1)) {
        this.directories.add(path.slice(0, cut));
      }
    }
  }

  hasFile(path: string): boolean {
    return this.files.has(path);
  }

  /** A file, or a directory holding at least one file (an abandoned PRD's archive). */
  has(path: string): boolean {
    return this.files.has(path) || this.directories.has(path.replace(/\/+$/, ''));
  }
}

/** Each registry entry's `file` exists. */
export function missingPrdFiles(registry: PrdRegistryDocument, paths: KnownPaths): Diagnostic[] {
  return registry.prds.flatMap((entry, index) => {
    if (paths.hasFile(entry.file)) return [];
    const pointer = joinPointer('', 'prds', index, 'file');
    return [
      diagnostic(
        DOCUMENT_PATHS.registry,
        pointer,
        'missing-prd-file',
        messages.missingPrdFile(describePointer(pointer), entry.file),
      ),
    ];
  });
}

/** Each completed or abandoned entry's `archivedTo` exists. */
export function missingArchives(registry: PrdRegistryDocument, paths: KnownPaths): Diagnostic[] {
  return (['completed', 'abandoned'] as const).flatMap((list) =>
    registry[list].flatMap((entry, index) => {
      if (paths.has(entry.archivedTo)) return [];
      const pointer = joinPointer('', list, index, 'archivedTo');
      return [
        diagnostic(
          DOCUMENT_PATHS.registry,
          pointer,
          'missing-archive',
          messages.missingArchive(describePointer(pointer), entry.archivedTo),
        ),
      ];
    }),
  );
}

/** Each lock's `prdFile` exists. */
export function missingLockPrdFiles(locks: SessionLocksDocument, paths: KnownPaths): Diagnostic[] {
  return locks.sessions.flatMap((lock, index) => {
    if (paths.hasFile(lock.prdFile)) return [];
    const pointer = joinPointer('', 'sessions', index, 'prdFile');
    return [
      diagnostic(
        DOCUMENT_PATHS.locks,
        pointer,
        'missing-lock-prd-file',
        messages.missingLockPrdFile(describePointer(pointer), lock.prdFile),
      ),
    ];
  });
}
