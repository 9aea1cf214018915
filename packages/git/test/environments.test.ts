import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, runWorkers, type Sandbox } from '@lanes/test-utils';
import {
  ensureSessionId,
  ping,
  readLiveness,
  readState,
  sessionFile,
  transact,
} from '../src/index.js';
import { claim, seedFiles, sessionIdFor } from './fixtures/state.js';
import {
  bundledStoreWorker,
  claimOnRemote,
  machineEnv,
  makeBusy,
  reportOf,
} from './fixtures/scenario.js';
import {
  COORDS,
  localState,
  lockDir,
  openClone,
  remoteLocks,
  remoteTip,
  seededSandbox,
} from './helpers.js';

const sandboxes: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((sandbox) => sandbox.cleanup()));
});
async function sandboxWith(clones: number, files = seedFiles(4)): Promise<Sandbox> {
  const sandbox = await seededSandbox(clones, files);
  sandboxes.push(sandbox);
  return sandbox;
}

let worker: Awaited<ReturnType<typeof bundledStoreWorker>>;
beforeAll(async () => {
  worker = await bundledStoreWorker();
});
afterAll(() => worker.dispose());

describe('a busy clone', () => {
  it('keeps worktree, index, HEAD, branches and stash through every store operation; refs/remotes follow the remote', async () => {
    const sandbox = await sandboxWith(2);
    const [busy, other] = sandbox.clones as [string, string];
    await makeBusy(sandbox, busy);
    const before = await localState(sandbox, busy);
    expect(before.stash).not.toBe('');
    // The remote moves on without this clone's knowledge.
    await transact(await openClone(other), COORDS, claim('prd-task-002', sessionIdFor(2)), {
      lockDir: lockDir(sandbox),
    });

    const repo = await openClone(busy);
    const session = await ensureSessionId(repo);
    const snapshot = await readState(repo, COORDS);
    expect(snapshot.tip).toBe(await remoteTip(sandbox));
    await transact(repo, COORDS, claim('prd-task-001', session), { lockDir: lockDir(sandbox) });
    await ping(repo, COORDS.remote, session, { prdId: 'prd-task-001' });
    expect((await readLiveness(repo, COORDS.remote)).map((entry) => entry.sessionId)).toEqual([
      session,
    ]);

    expect(await localState(sandbox, busy)).toEqual(before);
    // Only git's remote-tracking ref moved: to the remote's tip, as `git fetch` would.
    expect(await sandbox.git(busy, 'rev-parse', 'refs/remotes/origin/main')).toBe(
      await remoteTip(sandbox),
    );
    expect((await remoteLocks(sandbox)).sessions.map((lock) => lock.prdId)).toEqual([
      'prd-task-002',
      'prd-task-001',
    ]);
  });
});

describe('linked worktrees', () => {
  it('are sessions of their own, and write side by side without touching each other', async () => {
    const sandbox = await sandboxWith(1);
    const main = sandbox.clones[0]!;
    const linked = join(sandbox.root, 'linked');
    await sandbox.git(main, 'worktree', 'add', '-q', '-b', 'feature/linked', linked);
    await sandbox.write(linked, 'src/linked.ts', 'wip\n');
    await makeBusy(sandbox, main);
    const beforeMain = await localState(sandbox, main);
    const beforeLinked = await localState(sandbox, linked);

    const [mainRepo, linkedRepo] = await Promise.all([openClone(main), openClone(linked)]);
    expect(linkedRepo.commonDir).toBe(mainRepo.commonDir);
    expect(linkedRepo.gitDir).not.toBe(mainRepo.gitDir);
    const [mainSession, linkedSession] = await Promise.all([
      ensureSessionId(mainRepo),
      ensureSessionId(linkedRepo),
    ]);
    expect(mainSession).not.toBe(linkedSession);
    for (const [dir, repo, session] of [
      [main, mainRepo, mainSession],
      [linked, linkedRepo, linkedSession],
    ] as const) {
      // Where the hooks' shell fast path looks: git's own answer for this worktree.
      expect(sessionFile(repo)).toBe(
        await sandbox.git(
          dir,
          'rev-parse',
          '--path-format=absolute',
          '--git-path',
          'lanes/session',
        ),
      );
      expect(await ensureSessionId(repo)).toBe(session);
    }

    // Both worktrees at once, each with a local lock of its own (so they do not take
    // turns): their fetches into the shared private ref collide, their pushes race.
    const own = (name: string) => ({ lockDir: join(lockDir(sandbox), name) });
    await Promise.all([
      transact(mainRepo, COORDS, claim('prd-task-001', mainSession), own('main')),
      transact(linkedRepo, COORDS, claim('prd-task-002', linkedSession), own('linked')),
      ping(mainRepo, COORDS.remote, mainSession),
      ping(linkedRepo, COORDS.remote, linkedSession),
    ]);

    const locks = (await remoteLocks(sandbox)).sessions;
    expect(locks.map((lock) => `${lock.sessionId} ${lock.prdId}`).sort()).toEqual(
      [`${mainSession} prd-task-001`, `${linkedSession} prd-task-002`].sort(),
    );
    expect((await readLiveness(linkedRepo, COORDS.remote)).map((entry) => entry.sessionId)).toEqual(
      [mainSession, linkedSession].sort(),
    );
    expect(await localState(sandbox, main)).toEqual(beforeMain);
    expect(await localState(sandbox, linked)).toEqual(beforeLinked);
  });
});

describe("inside a git hook's environment", () => {
  it('ignores GIT_DIR, GIT_WORK_TREE and GIT_INDEX_FILE that point at another repository', async () => {
    const sandbox = await sandboxWith(2);
    const [session, observer] = sandbox.clones as [string, string];
    // Another project whose hook is running: its variables are in the environment.
    const elsewhere = await createSandbox({ clones: 1 });
    sandboxes.push(elsewhere);
    const hookRepo = elsewhere.clones[0]!;
    await makeBusy(elsewhere, hookRepo);
    const hookRepoBefore = await localState(elsewhere, hookRepo);
    const hookRemoteBefore = await elsewhere.git(elsewhere.remote, 'for-each-ref');
    const gitDir = join(hookRepo, '.git');
    const env = await machineEnv(sandbox, 'hooked', {
      GIT_DIR: gitDir,
      GIT_WORK_TREE: hookRepo,
      GIT_INDEX_FILE: join(gitDir, 'index'),
      GIT_PREFIX: 'src/',
    });

    const workers = await runWorkers({
      script: worker.script,
      count: 2,
      args: (index) =>
        index === 0
          ? ['claim', session, 'prd-task-001', sessionIdFor(1)]
          : ['ping', session, sessionIdFor(1), '1'],
      env: () => env,
    });

    expect(workers.map(reportOf)).toMatchObject([{ ok: true }, { ok: true, vias: ['ref'] }]);
    expect((await claimOnRemote(observer, 'prd-task-001', sessionIdFor(1))).outcome).toBe('all');
    expect(
      (await readLiveness(await openClone(observer), COORDS.remote)).map(
        (entry) => entry.sessionId,
      ),
    ).toEqual([sessionIdFor(1)]);
    expect(await localState(elsewhere, hookRepo)).toEqual(hookRepoBefore);
    expect(await elsewhere.git(hookRepo, 'for-each-ref', 'refs/lanes')).toBe('');
    expect(await elsewhere.git(elsewhere.remote, 'for-each-ref')).toBe(hookRemoteBefore);
  });
});
