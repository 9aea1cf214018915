import { runLanes, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededSandbox } from './lifecycle.js';

// docs/session-locks.json deleted by hand, the registry and PRDs still there: every
// command used to say "not initialized" and hint `lanes init`, which then refused.
// Now validate names the missing file and every command says the state is invalid,
// with the way out (restore the file from the coordination branch's history).

describe('a lanes state whose locks file was deleted by hand', () => {
  let sandbox: Sandbox;
  let clone: string;

  beforeAll(async () => {
    sandbox = await seededSandbox({ prds: [{ id: 'prd-base' }] });
    clone = sandbox.clones[0]!;
    await sandbox.git(clone, 'rm', '-q', 'docs/session-locks.json');
    await sandbox.git(clone, 'commit', '-q', '-m', 'oops');
    await sandbox.git(clone, 'push', '-q', '--no-verify', 'origin', 'main');
  });
  afterAll(() => sandbox.cleanup());

  it('validate names the missing file and exits 4', async () => {
    const result = await runLanes(clone, ['validate', '--json']);
    expect(result.exitCode).toBe(4);
    expect(result.json).toMatchObject({
      ok: false,
      problems: [{ file: 'docs/session-locks.json', pointer: '', code: 'missing-document' }],
    });
  });

  it('status refuses with E_INVALID_STATE naming the file and how to restore it', async () => {
    const result = await runLanes(clone, ['status', '--json']);
    const error = (result.json as { error: { code: string; message: string } }).error;
    expect(result.exitCode).toBe(4);
    expect(error.code).toBe('E_INVALID_STATE');
    expect(error.message).toContain('docs/session-locks.json is missing');
    expect(error.message).toContain('git log --diff-filter=D');
  });

  it('the way out the message gives works: restored, the state is valid again', async () => {
    const removed = await sandbox.git(
      clone,
      'log',
      '--diff-filter=D',
      '--format=%H',
      'origin/main',
      '--',
      'docs/session-locks.json',
    );
    const content = await sandbox.git(clone, 'show', `${removed}^:docs/session-locks.json`);
    await sandbox.commit(clone, 'restore the locks', { 'docs/session-locks.json': `${content}\n` });
    await sandbox.git(clone, 'push', '-q', 'origin', 'main');
    const result = await runLanes(clone, ['validate', '--json']);
    expect(result.json).toMatchObject({ ok: true, problems: [] });
  });
});
