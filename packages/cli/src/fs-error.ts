import { LanesError } from '@lanes/core';

// A file or folder of this machine that cannot be read or written (another user's, read
// only, a file where a folder belongs, a full disk) is a local precondition, not a bug.
const FS_CODES = new Set([
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOTDIR',
  'EISDIR',
  'EEXIST',
  'ENOSPC',
  'EDQUOT',
  'ENAMETOOLONG',
  'ELOOP',
  'EMFILE',
  'ENFILE',
  'EBUSY',
]);

const WHAT: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a file stands where a folder belongs',
  EISDIR: 'a folder stands where a file belongs',
  EEXIST: 'something is already there',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
};

/** E_LOCAL_STATE for a file-system failure that names a path; undefined for anything else. */
export function fileSystemError(caught: unknown): LanesError | undefined {
  const error = caught as NodeJS.ErrnoException | undefined;
  if (!(caught instanceof Error) || !error?.code || !FS_CODES.has(error.code) || !error.path) {
    return undefined;
  }
  const path = error.path;
  const what = WHAT[error.code] ?? error.code;
  return new LanesError(
    'E_LOCAL_STATE',
    `cannot ${error.syscall ?? 'use'} ${path}: ${what} (${error.code})`,
    {
      hint: `make ${path} (and the folders above it) yours and writable, or remove what stands in its way, then run the command again`,
      cause: caught,
      details: { reason: 'file system', paths: [path], errno: error.code },
    },
  );
}
