import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../src/sandbox.js';

let sandbox: Sandbox | undefined;
afterEach(async () => sandbox?.cleanup());

describe('createSandbox', () => {
  it('makes a bare remote on main and clones that share its history', async () => {
    sandbox = await createSandbox({ clones: 2 });
    const [a, b] = sandbox.clones as [string, string];
    const sha = await sandbox.commit(a, 'feat: one', { 'src/one.ts': 'export const one = 1;\n' });
    await sandbox.git(a, 'push', '-q', 'origin', 'main');
    await sandbox.git(b, 'pull', '-q', '--ff-only');
    expect(await sandbox.git(b, 'rev-parse', 'HEAD')).toBe(sha);
    expect(await sandbox.git(sandbox.remote, 'rev-parse', '--is-bare-repository')).toBe('true');
  });

  it('reports a failing git command with its exit code instead of throwing', async () => {
    sandbox = await createSandbox();
    const result = await sandbox.gitResult(sandbox.clones[0]!, 'rev-parse', '--verify', 'nope');
    expect(result.exitCode).not.toBe(0);
  });
});
