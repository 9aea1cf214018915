import { createSandbox, summarize, type BenchRow } from '@lanes/test-utils';
import { objectWriter } from '../src/object-writer.js';
import { openRepository } from '../src/repository.js';
import { QueueSeat } from '../src/queue-seat.js';
import { fetchCoordination } from '../src/store.js';
import { transact } from '../src/transact.js';
import { lookAtQueue } from '../src/write-queue.js';
import { completeStory, seedWithLocks, sessionIdFor, storyId } from '../test/fixtures/state.js';
import { interleaved } from './process-timing.js';

const SESSIONS = 32;
// What a waiter at the back of a 32-writer queue finds landed when it catches up.
const BEHIND = 28;

/**
 * What limits many writers, one operation at a time on a quiet machine: every waiter
 * must fetch each commit landed while it waited, about one per writer ahead of it, so
 * a transaction's fetching grows with the queue. The coordination fetch (as a waiter
 * catches up, and as its turn begins) after 1 landed commit, as with 2 writers, and
 * after 28, as with 32; beside them, a look at the queue and taking a ticket. Same
 * 32-session state for all.
 */
export async function catchUpRows(runs: number): Promise<BenchRow[]> {
  // interleaved's one warm-up round lands as much as each measured round.
  const landings = (runs + 1) * (BEHIND + 1);
  const stories = Math.ceil(landings / SESSIONS) + 1;
  const sandbox = await createSandbox({ clones: 2, files: seedWithLocks(SESSIONS, stories) });
  try {
    const [lander, waiter] = await Promise.all(
      sandbox.clones.map((clone) => openRepository(clone)),
    );
    const coords = { remote: 'origin', branch: 'main' };
    const writer = await objectWriter(waiter!);
    let landed = 0;
    const land = async (count: number) => {
      for (let n = 0; n < count; n++, landed++) {
        const session = sessionIdFor(landed % SESSIONS);
        const story = storyId(Math.floor(landed / SESSIONS) + 1);
        await transact(lander!, coords, completeStory(session, story), { localLock: false });
      }
    };
    const fetch = () => fetchCoordination(waiter!, coords);
    // interleaved times each command alone: the landings before a fetch are their own.
    const times = await interleaved(
      {
        landOne: () => land(1),
        afterOne: fetch,
        landMany: () => land(BEHIND),
        afterMany: fetch,
        look: () => lookAtQueue(waiter!, coords.remote, coords.branch),
        ticket: async () => {
          const seat = new QueueSeat(waiter!, coords, writer, true);
          await seat.join();
          await seat.leave();
        },
      },
      runs,
    );
    const one = {
      figure: 'the same fetch after 1 landed commit',
      stats: summarize(times.afterOne),
    };
    return [
      {
        group: 'store',
        figure: `what 32 writers cost: a waiter's fetch after ${BEHIND} landed commits`,
        unit: 'ms',
        stats: summarize(times.afterMany),
        baseline: one,
        note: `${SESSIONS}-session state; alone on the machine; the remote's upload-pack and pack-objects are part of it`,
      },
      {
        group: 'store',
        figure: "what 32 writers cost: a look at the queue's tickets (ls-remote)",
        unit: 'ms',
        stats: summarize(times.look),
        baseline: one,
      },
      {
        group: 'store',
        figure: 'what 32 writers cost: taking and giving back a ticket (two pushes)',
        unit: 'ms',
        stats: summarize(times.ticket),
        baseline: one,
      },
    ];
  } finally {
    await sandbox.cleanup();
  }
}
