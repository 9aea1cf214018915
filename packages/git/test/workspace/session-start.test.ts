import { SESSION_ID } from '@lanes/core';
import { createSandbox, sandboxEnv, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRepository } from '../../src/repository.js';
import { readSessionId } from '../../src/session.js';
import { isAncestor } from '../../src/workspace/history.js';
import { adoptSessionId, newSessionId } from '../../src/workspace/session-start.js';

describe('starting work in a worktree', () => {
  let sandbox: Sandbox;
  let clone: string;

  beforeAll(async () => {
    sandbox = await createSandbox({ clones: 1 });
    clone = sandbox.clones[0]!;
  });
  afterAll(() => sandbox.cleanup());

  it('makes session ids of the FORMATS.md pattern, different each time', () => {
    const ids = new Set(Array.from({ length: 20 }, () => newSessionId('agent')));
    for (const id of ids) expect(id).toMatch(SESSION_ID);
    expect(ids.size).toBeGreaterThan(15);
    expect(() => newSessionId('Bad Prefix')).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
  });

  it('records a session once and keeps the first one recorded', async () => {
    const repo = await openRepository(clone, { env: sandboxEnv() });
    expect(await adoptSessionId(repo, 'agent-aaaaaa')).toBe('agent-aaaaaa');
    expect(await adoptSessionId(repo, 'agent-bbbbbb')).toBe('agent-aaaaaa');
    expect(await readSessionId(repo, {})).toBe('agent-aaaaaa');
    await expect(adoptSessionId(repo, 'nope')).rejects.toMatchObject({ code: 'E_USAGE' });
  });

  it('tells whether one commit is an ancestor of another', async () => {
    const repo = await openRepository(clone, { env: sandboxEnv() });
    const base = await sandbox.git(clone, 'rev-parse', 'HEAD');
    const tip = await sandbox.commit(clone, 'more', { 'more.txt': 'm\n' });
    expect(await isAncestor(repo.git, base, tip)).toBe(true);
    expect(await isAncestor(repo.git, tip, tip)).toBe(true);
    expect(await isAncestor(repo.git, tip, base)).toBe(false);
    expect(await isAncestor(repo.git, '0'.repeat(40), tip)).toBe(false);
  });
});
