import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { isLanesError, LanesError } from '@lanes/core';
import { sandboxEnv, type Sandbox } from '@lanes/test-utils';
import { openRepository, readState, transact, type Change } from '../src/index.js';
import { claim, seedFiles, sessionIdFor } from './fixtures/state.js';
import {
  COORDS,
  localState,
  lockDir,
  openClone,
  remoteLocks,
  remoteTip,
  seededSandbox,
} from './helpers.js';

let sandbox: Sandbox | undefined;
afterEach(async () => sandbox?.cleanup());

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('transact', () => {
  it('commits the change on the remote and leaves worktree, index, HEAD and branches alone', async () => {
    sandbox = await seededSandbox();
    const clone = sandbox.clones[0]!;
    // A session mid-work: another branch checked out, staged, unstaged and untracked changes.
    await sandbox.git(clone, 'checkout', '-q', '-b', 'feature/x');
    await sandbox.commit(clone, 'feat: wip', { 'src/a.ts': 'a\n' });
    await sandbox.write(clone, 'src/a.ts', 'changed\n');
    await sandbox.write(clone, 'src/staged.ts', 'staged\n');
    await sandbox.git(clone, 'add', 'src/staged.ts');
    await sandbox.write(clone, 'docs/session-locks.json', 'local edit\n');
    await sandbox.write(clone, 'notes.txt', 'untracked\n');
    const before = await localState(sandbox, clone);
    const tipBefore = await remoteTip(sandbox);

    const repo = await openClone(clone);
    const result = await transact(repo, COORDS, claim('prd-task-001', sessionIdFor(1)), {
      lockDir: lockDir(sandbox),
    });

    expect(await localState(sandbox, clone)).toEqual(before);
    expect(result.attempts).toBe(1);
    expect(await remoteTip(sandbox)).toBe(result.commit);
    expect(await sandbox.git(sandbox.remote, 'rev-parse', `${result.commit}^`)).toBe(tipBefore);
    expect(await sandbox.git(sandbox.remote, 'log', '-1', '--format=%s', 'main')).toBe(
      `chore: claim prd-task-001 for ${sessionIdFor(1)}`,
    );
    expect((await remoteLocks(sandbox)).sessions.map((lock) => lock.prdId)).toEqual([
      'prd-task-001',
    ]);
    // Only the written files changed.
    expect(await sandbox.git(sandbox.remote, 'diff', '--name-only', tipBefore, 'main')).toBe(
      'docs/prd-registry.json\ndocs/session-locks.json',
    );
  });

  it('refuses without pushing, whether the change returns or throws the refusal', async () => {
    sandbox = await seededSandbox();
    const repo = await openClone(sandbox.clones[0]!);
    const tip = await remoteTip(sandbox);
    const refusal = new LanesError('E_NOT_OWNER', 'not yours');
    for (const change of [
      (() => ({ kind: 'refuse', error: refusal })) as Change<never>,
      (() => {
        throw refusal;
      }) as Change<never>,
    ]) {
      expect(await errorOf(transact(repo, COORDS, change, { lockDir: lockDir(sandbox) }))).toBe(
        refusal,
      );
    }
    expect(await remoteTip(sandbox)).toBe(tip);
  });

  it('pushes nothing for a no-op, or for writes that change no file', async () => {
    sandbox = await seededSandbox();
    const repo = await openClone(sandbox.clones[0]!);
    const tip = await remoteTip(sandbox);
    const noop = await transact(repo, COORDS, () => ({ kind: 'noop', value: 7 }), {
      lockDir: lockDir(sandbox),
    });
    expect(noop).toEqual({ value: 7, commit: null, attempts: 1 });
    const same = await transact(
      repo,
      COORDS,
      (snapshot) => ({
        kind: 'write',
        writes: [
          {
            path: 'docs/session-locks.json',
            content: snapshot.raw.files['docs/session-locks.json']!,
          },
        ],
        message: 'chore: nothing',
        value: 'same',
      }),
      { lockDir: lockDir(sandbox) },
    );
    expect(same.commit).toBeNull();
    expect(await remoteTip(sandbox)).toBe(tip);
  });

  it('refuses to push a state that does not validate, listing the problems', async () => {
    sandbox = await seededSandbox();
    const repo = await openClone(sandbox.clones[0]!);
    const tip = await remoteTip(sandbox);
    const broken: Change<void> = () => ({
      kind: 'write',
      writes: [
        { path: 'docs/session-locks.json', content: '{"sessions": [ {"sessionId": 3} ]}\n' },
      ],
      message: 'chore: break it',
      value: undefined,
    });
    const error = await errorOf(transact(repo, COORDS, broken, { lockDir: lockDir(sandbox) }));
    expect(isLanesError(error) && error.code).toBe('E_INVALID_STATE');
    const problems = (error as LanesError).details?.problems as { file: string }[];
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]!.file).toBe('docs/session-locks.json');
    expect(await remoteTip(sandbox)).toBe(tip);
  });

  it('reads a tip fetched as a pack on its first attempt, with a reader started before the fetch', async () => {
    sandbox = await seededSandbox(2);
    const [mine, theirs] = sandbox.clones as [string, string];
    // 30 commits of 3 new objects each: more than fetch.unpackLimit, so they arrive as a
    // pack that the object reader, started while git fetches, must still find.
    for (let index = 0; index < 30; index++) {
      await sandbox.commit(theirs, `docs: note ${index}`, { 'README.md': `note ${index}\n` });
    }
    await sandbox.git(theirs, 'push', '-q', 'origin', 'HEAD:main');
    const tipBefore = await remoteTip(sandbox);
    const repo = await openClone(mine);
    const result = await transact(repo, COORDS, claim('prd-task-001', sessionIdFor(1)), {
      lockDir: lockDir(sandbox),
    });
    expect(result.attempts).toBe(1);
    expect(await sandbox.git(sandbox.remote, 'rev-parse', `${result.commit}^`)).toBe(tipBefore);
    expect(await sandbox.git(sandbox.remote, 'show', 'main:README.md')).toBe('note 29');
  });

  it('re-applies the change on the new tip when another writer got there first', async () => {
    sandbox = await seededSandbox(2);
    const [mine, theirs] = sandbox.clones as [string, string];
    const competing = await prepareCompetingClaims(sandbox, theirs, ['prd-task-002']);
    const repo = await openClone(mine);
    let calls = 0;
    const retries: number[] = [];
    const result = await transact(
      repo,
      COORDS,
      (snapshot, now) => {
        // Between our read and our push, another machine lands its claim.
        if (calls++ === 0) competing.pushNext();
        return claim('prd-task-001', sessionIdFor(1))(snapshot, now);
      },
      { lockDir: lockDir(sandbox), onRetry: (attempt) => retries.push(attempt) },
    );
    expect(result.attempts).toBe(2);
    expect(retries).toEqual([1]);
    expect(calls).toBe(2);
    expect((await remoteLocks(sandbox)).sessions.map((lock) => lock.prdId)).toEqual([
      'prd-task-002',
      'prd-task-001',
    ]);
  });

  it('gives up with E_PUSH_REJECTED after maxAttempts, having pushed nothing of its own', async () => {
    sandbox = await seededSandbox(2);
    const [mine, theirs] = sandbox.clones as [string, string];
    const competing = await prepareCompetingClaims(sandbox, theirs, [
      'prd-task-002',
      'prd-task-003',
    ]);
    const repo = await openClone(mine);
    const error = await errorOf(
      transact(
        repo,
        COORDS,
        (snapshot, now) => {
          competing.pushNext();
          return claim('prd-task-001', sessionIdFor(1))(snapshot, now);
        },
        { lockDir: lockDir(sandbox), maxAttempts: 2 },
      ),
    );
    expect(isLanesError(error) && error.code).toBe('E_PUSH_REJECTED');
    expect((error as LanesError).details).toEqual({ attempts: 2 });
    expect(await remoteTip(sandbox)).toBe(competing.last);
  });

  it('starts an absent coordination branch from createFrom, or from nothing', async () => {
    sandbox = await seededSandbox();
    const repo = await openClone(sandbox.clones[0]!);
    const mainTip = await remoteTip(sandbox);
    const state = { remote: 'origin', branch: 'lanes/state' };
    const seen: (string | null)[] = [];
    const first = await transact(
      repo,
      state,
      (snapshot, now) => {
        seen.push(snapshot.tip);
        return claim('prd-task-001', sessionIdFor(1))(snapshot, now);
      },
      { lockDir: lockDir(sandbox), createFrom: 'main' },
    );
    expect(seen).toEqual([null]);
    expect(await sandbox.git(sandbox.remote, 'rev-parse', 'lanes/state^')).toBe(mainTip);
    const second = await transact(repo, state, claim('prd-task-002', sessionIdFor(2)), {
      lockDir: lockDir(sandbox),
      createFrom: 'main',
    });
    expect(await sandbox.git(sandbox.remote, 'rev-parse', 'lanes/state^')).toBe(first.commit);
    expect(second.commit).toBe(await remoteTip(sandbox, 'lanes/state'));
    expect(await remoteTip(sandbox)).toBe(mainTip);

    const writes = Object.entries(seedFiles(1)).map(([path, content]) => ({ path, content }));
    const orphan = await transact(
      repo,
      { remote: 'origin', branch: 'lanes/orphan' },
      () => ({ kind: 'write', writes, message: 'chore: init lanes', value: null }),
      { lockDir: lockDir(sandbox) },
    );
    expect(await sandbox.git(sandbox.remote, 'rev-list', '--count', 'lanes/orphan')).toBe('1');
    expect(orphan.commit).toBe(await remoteTip(sandbox, 'lanes/orphan'));
  });

  it('builds on a given base (parents and tree) while the lease stays on the tip it read', async () => {
    sandbox = await seededSandbox();
    const clone = sandbox.clones[0]!;
    await sandbox.git(clone, 'checkout', '-q', '-b', 'feature/f');
    const feature = await sandbox.commit(clone, 'feat: f', { 'src/f.ts': 'f\n' });
    await sandbox.git(clone, 'checkout', '-q', 'main');
    const merged = (await sandbox.git(clone, 'merge-tree', '--write-tree', 'main', feature)).split(
      '\n',
    )[0]!;
    const repo = await openClone(clone);
    const result = await transact(
      repo,
      COORDS,
      (snapshot, now) => {
        const outcome = claim('prd-task-001', sessionIdFor(1))(snapshot, now);
        if (outcome.kind !== 'write') return outcome;
        return { ...outcome, base: { parents: [snapshot.tip!, feature], tree: merged } };
      },
      { lockDir: lockDir(sandbox) },
    );
    const parents = await sandbox.git(sandbox.remote, 'rev-list', '--parents', '-1', 'main');
    expect(parents.split(' ').slice(1)).toEqual([
      await sandbox.git(clone, 'rev-parse', 'main'),
      feature,
    ]);
    expect(await sandbox.git(sandbox.remote, 'show', 'main:src/f.ts')).toBe('f');
    expect(result.commit).toBe(await remoteTip(sandbox));
    expect((await remoteLocks(sandbox)).sessions).toHaveLength(1);
  });

  it('falls back to the lanes identity when git has none', async () => {
    sandbox = await seededSandbox();
    const clone = sandbox.clones[0]!;
    await sandbox.git(clone, 'config', 'user.useConfigOnly', 'true');
    const env = sandboxEnv();
    for (const name of [
      'GIT_AUTHOR_NAME',
      'GIT_AUTHOR_EMAIL',
      'GIT_COMMITTER_NAME',
      'GIT_COMMITTER_EMAIL',
      'EMAIL',
    ]) {
      delete env[name];
    }
    const repo = await openRepository(clone, { env });
    await transact(repo, COORDS, claim('prd-task-001', sessionIdFor(1)), {
      lockDir: lockDir(sandbox),
    });
    expect(
      await sandbox.git(sandbox.remote, 'log', '-1', '--format=%an <%ae> / %cn <%ce>', 'main'),
    ).toBe('lanes <lanes@localhost> / lanes <lanes@localhost>');
  });
});

describe('readState', () => {
  it('reads the remote tip, keeps it for --offline, and says which it is', async () => {
    sandbox = await seededSandbox(2);
    const [writer, reader] = sandbox.clones as [string, string];
    const repo = await openClone(reader);
    const never = await readState(repo, COORDS, { offline: true });
    expect(never).toMatchObject({ tip: null, offline: true, initialized: false });

    const fresh = await readState(repo, COORDS);
    expect(fresh).toMatchObject({
      tip: await remoteTip(sandbox),
      offline: false,
      initialized: true,
      problems: [],
    });
    expect(fresh.state!.registry.prds).toHaveLength(4);
    expect(fresh.raw.paths).toContain('docs/prds/prd-task-004.json');
    expect(Object.keys(fresh.raw.files).sort()).toEqual([
      'docs/prd-registry.json',
      'docs/prds/prd-task-001.json',
      'docs/prds/prd-task-002.json',
      'docs/prds/prd-task-003.json',
      'docs/prds/prd-task-004.json',
      'docs/session-locks.json',
      'project.json',
    ]);

    await transact(await openClone(writer), COORDS, claim('prd-task-001', sessionIdFor(1)), {
      lockDir: lockDir(sandbox),
    });
    expect((await readState(repo, COORDS, { offline: true })).tip).toBe(fresh.tip);
    expect((await readState(repo, COORDS)).tip).toBe(await remoteTip(sandbox));
    // git's own remote-tracking ref follows, as `git fetch` would leave it (issue 26).
    expect(await sandbox.git(reader, 'rev-parse', 'refs/remotes/origin/main')).toBe(
      await remoteTip(sandbox),
    );
  });

  it('reports an absent branch as tip null, not initialized', async () => {
    sandbox = await seededSandbox();
    const snapshot = await readState(await openClone(sandbox.clones[0]!), {
      remote: 'origin',
      branch: 'lanes/none',
    });
    expect(snapshot).toMatchObject({
      tip: null,
      initialized: false,
      state: null,
      problems: [],
      offline: false,
    });
  });
});

/**
 * Commits claims in `clone` (not pushed), one on top of the other; pushNext() lands
 * the next one on the remote synchronously, as another machine would.
 */
async function prepareCompetingClaims(sandbox: Sandbox, clone: string, prdIds: string[]) {
  const repo = await openClone(clone);
  const commits: string[] = [];
  for (const [index, prdId] of prdIds.entries()) {
    const snapshot = await readState(repo, COORDS);
    const base =
      commits.length === 0 ? snapshot : withFiles(snapshot, await filesAt(sandbox, clone));
    const outcome = claim(prdId, sessionIdFor(100 + index))(base, new Date());
    if (outcome.kind !== 'write') throw new Error('fixture claim did not write');
    for (const write of outcome.writes) await sandbox.write(clone, write.path, write.content!);
    commits.push(await sandbox.commit(clone, outcome.message));
  }
  let next = 0;
  return {
    last: commits[commits.length - 1]!,
    pushNext() {
      const sha = commits[next++]!;
      const result = spawnSync('git', ['push', '-q', 'origin', `${sha}:refs/heads/main`], {
        cwd: clone,
        env: sandboxEnv(),
      });
      if (result.status !== 0) throw new Error(`competing push failed: ${result.stderr}`);
    },
  };
}

async function filesAt(sandbox: Sandbox, clone: string): Promise<Record<string, string>> {
  const read = (path: string) =>
    sandbox.git(clone, 'show', `HEAD:${path}`).then((text) => `${text}\n`);
  return {
    'docs/session-locks.json': await read('docs/session-locks.json'),
    'docs/prd-registry.json': await read('docs/prd-registry.json'),
  };
}

function withFiles<S extends { raw: { files: Record<string, string> } }>(
  snapshot: S,
  files: Record<string, string>,
): S {
  return { ...snapshot, raw: { ...snapshot.raw, files: { ...snapshot.raw.files, ...files } } };
}
