import { runLanes } from '@lanes/test-utils';
import { describe, expect, it } from 'vitest';
import {
  ALPHA,
  BETA,
  checkRuns,
  OTHER,
  prd,
  releaseScenario,
  remoteJson,
  session,
  sessions,
  timedCheck,
  type LocksDoc,
  type RegistryDoc,
} from './release-fixture.js';
import { pauseHook, tracked } from './release-pause.js';

// Issue #31 item 17: with main coordinating, every progress write of another session
// moves main. A landing that started over for each of them starved: after 8 overtaken
// rounds it failed and left the lock `blocked`.

const THIRD = 'developer-77aa11';

describe.each(['merge', 'squash', 'rebase'] as const)(
  'a release (%s) while others record progress (main coordinates)',
  (strategy) => {
    it('is not starved: progress lands before each landing push, the landing lands in one go', async () => {
      const fixture = await releaseScenario({
        mergeQueue: { strategy },
        sessions: [
          ALPHA,
          BETA,
          { sessionId: THIRD, prdId: 'prd-gamma', files: { 'src/gamma.ts': 'gamma\n' } },
        ],
      });
      const { sandbox } = fixture;
      const [me, ...others] = fixture.sessionClones as [string, string, string];
      const author = await sandbox.git(me, 'log', '-1', '--format=%an <%ae> %at %s', 'HEAD');
      const pause = await pauseHook(sandbox.root, 'release-before-landing-push');
      const release = tracked(runLanes(me, ['release', '--json'], { env: pause.env }));

      // Every time the landing is about to push, both others record progress first, back
      // to back: before the fix each time cost a round, until the release gave up.
      let pauses = 0;
      for (let n = 1; n <= 12 && (await pause.reached(n, release.settled)); n++) {
        pauses = n;
        for (const clone of others) {
          const story = n % 2 === 0 ? 'US-001' : 'US-002';
          const progress = await runLanes(clone, ['heartbeat', '--story', story, '--json']);
          expect(progress.exitCode, progress.stderr).toBe(0);
        }
        await pause.go(n);
      }
      const result = await release.promise;
      expect(result.exitCode, result.stderr).toBe(0);
      expect(pauses).toBe(1);
      expect(result.stderr).not.toContain('moved before the landing');

      const registry = await remoteJson<RegistryDoc>(sandbox, 'main', 'docs/prd-registry.json');
      expect(registry.completed.map((entry) => entry.id)).toEqual(['prd-alpha']);
      // The others' progress is all there, under the landing.
      const locks = await remoteJson<LocksDoc>(sandbox, 'main', 'docs/session-locks.json');
      expect(locks.sessions.map((lock) => [lock.sessionId, lock.currentStory])).toEqual([
        [OTHER, 'US-002'],
        [THIRD, 'US-002'],
      ]);
      const mergeCommit = (result.json as { mergeCommit: string }).mergeCommit;
      if (strategy === 'rebase') {
        // The branch's own commit, copied onto the newer tip as it was.
        const landed = await sandbox.git(
          sandbox.remote,
          'log',
          '-1',
          '--format=%an <%ae> %at %s',
          mergeCommit,
        );
        expect(landed).toBe(author);
      }
      expect(await sandbox.git(sandbox.remote, 'show', `${mergeCommit}:src/alpha.ts`)).toBe(
        'alpha',
      );
      expect(
        await sandbox.git(sandbox.remote, 'log', '-1', '--format=%s', `${mergeCommit}^1`),
      ).toBe(`chore: heartbeat ${THIRD} (US-002)`);
    });
  },
);

describe.each(['merge', 'squash', 'rebase'] as const)(
  'a batch of two (%s) overtaken by a third clone recording progress (main coordinates)',
  (strategy) => {
    it('rebuilds its chain on the newer main and lands in one go, without a new check', async () => {
      const fixture = await releaseScenario({
        sessions: sessions(3),
        mergeQueue: (root) => ({ ...timedCheck(0)(root), strategy, batchSize: 2 }),
      });
      const { sandbox } = fixture;
      const [holder, member, third] = fixture.sessionClones as [string, string, string];
      for (const clone of [holder, member]) {
        expect((await runLanes(clone, ['release', '--no-wait', '--json'])).exitCode).toBe(0);
      }
      const pause = await pauseHook(sandbox.root, 'release-before-landing-push');
      const landing = tracked(runLanes(holder, ['release', '--json'], { env: pause.env }));
      const waiting = runLanes(member, ['release', '--json']);

      expect(await pause.reached(1, landing.settled)).toBe(true);
      const progress = await runLanes(third, ['heartbeat', '--story', 'US-002', '--json']);
      expect(progress.exitCode, progress.stderr).toBe(0);
      await pause.go(1);
      // Should it start another round (the bug), that one goes on, and the checks below say so.
      await pause.go(2);
      const [landed, alsoLanded] = await Promise.all([landing.promise, waiting]);
      expect(landed.exitCode, landed.stderr).toBe(0);
      expect(alsoLanded.exitCode, alsoLanded.stderr).toBe(0);
      expect(landed.json).toMatchObject({ batch: [prd(1), prd(2)], checks: 1 });
      expect(alsoLanded.json).toMatchObject({ landedBy: session(1), batch: [prd(1), prd(2)] });
      expect(landed.stderr).not.toContain('moved before the landing');
      expect(await checkRuns(sandbox.root)).toBe(1);
      // No second pause: the push carried the rebuilt chain the first time.
      expect(await pause.reached(2, () => true)).toBe(false);

      const registry = await remoteJson<RegistryDoc>(sandbox, 'main', 'docs/prd-registry.json');
      expect(registry.completed.map((entry) => entry.id)).toEqual([prd(1), prd(2)]);
      const locks = await remoteJson<LocksDoc>(sandbox, 'main', 'docs/session-locks.json');
      expect(locks.sessions.map((lock) => [lock.sessionId, lock.currentStory])).toEqual([
        [session(3), 'US-002'],
      ]);
      // The chain sits on the progress write: the first landing on it, the second on the first.
      const [first, second] = registry.completed.map((entry) => entry.mergeCommit!);
      const subject = await sandbox.git(sandbox.remote, 'log', '-1', '--format=%s', `${first}^1`);
      expect(subject).toBe(`chore: heartbeat ${session(3)} (US-002)`);
      expect(await sandbox.git(sandbox.remote, 'rev-parse', `${second}^1`)).toBe(first);
      for (const i of [1, 2]) {
        expect(await sandbox.git(sandbox.remote, 'show', `main:src/change-${i}.txt`)).toBe(
          `change ${i}`,
        );
      }
    });
  },
);

describe('a batch of two overtaken by pushes to main’s code every round', () => {
  it('gives up with E_PUSH_REJECTED and leaves both queued in their places, never blocked', async () => {
    const fixture = await releaseScenario({
      sessions: sessions(2),
      mergeQueue: (root) => ({ ...timedCheck(0)(root), batchSize: 2 }),
      extraClones: 1,
    });
    const { sandbox } = fixture;
    const [holder, member] = fixture.sessionClones as [string, string];
    const [human] = fixture.extraClones as [string];
    for (const clone of [holder, member]) {
      expect((await runLanes(clone, ['release', '--no-wait', '--json'])).exitCode).toBe(0);
    }
    const pause = await pauseHook(sandbox.root, 'release-before-landing-push');
    const landing = tracked(runLanes(holder, ['release', '--json'], { env: pause.env }));
    // Before each landing push, a human pushes code to main: every round is overtaken.
    let rounds = 0;
    for (let n = 1; await pause.reached(n, landing.settled); n++) {
      rounds = n;
      await sandbox.git(human, 'pull', '-q', '--rebase', 'origin', 'main');
      await sandbox.commit(human, `feat: human work ${n}`, { [`human-${n}.txt`]: `${n}\n` });
      await sandbox.git(human, 'push', '-q', 'origin', 'HEAD:main');
      await pause.go(n);
    }
    const result = await landing.promise;
    expect(result.exitCode).not.toBe(0);
    expect(result.json).toMatchObject({ error: { code: 'E_PUSH_REJECTED', rounds: 8 } });
    expect(rounds).toBe(8);
    expect(result.stderr).toContain('landing a batch of 2');
    expect(result.stderr).toContain('gave the merge slot back');

    const locks = await remoteJson<LocksDoc>(sandbox, 'main', 'docs/session-locks.json');
    expect(locks.sessions.map((lock) => [lock.prdId, lock.status, lock.mergedBy])).toEqual([
      [prd(1), 'queued', undefined],
      [prd(2), 'queued', undefined],
    ]);
    const registry = await remoteJson<RegistryDoc>(sandbox, 'main', 'docs/prd-registry.json');
    expect(registry.completed).toEqual([]);
    await expect(sandbox.git(sandbox.remote, 'show', 'main:src/change-1.txt')).rejects.toThrow();
  });
});
