import { describe, expect, it } from 'vitest';
import { fileSystemError } from './fs-error.js';

const errno = (code: string, syscall: string, path?: string) =>
  Object.assign(new Error(`${code}: boom`), { code, syscall, ...(path ? { path } : {}) });

describe('fileSystemError', () => {
  it('turns a failure on a named path into E_LOCAL_STATE that names it', () => {
    const error = fileSystemError(errno('EROFS', 'open', '/repo/.git/lanes/session'))!;
    expect(error.code).toBe('E_LOCAL_STATE');
    expect(error.message).toBe(
      'cannot open /repo/.git/lanes/session: read-only file system (EROFS)',
    );
    expect(error.details).toMatchObject({ paths: ['/repo/.git/lanes/session'], errno: 'EROFS' });
  });

  it('leaves anything else alone (an internal error stays one)', () => {
    expect(fileSystemError(new TypeError('x is undefined'))).toBeUndefined();
    expect(fileSystemError(errno('EACCES', 'open'))).toBeUndefined();
    expect(fileSystemError(errno('ECONNRESET', 'read', '/x'))).toBeUndefined();
    expect(fileSystemError('EACCES')).toBeUndefined();
  });
});
