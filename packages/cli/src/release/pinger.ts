import { ping, type Coordinates, type Repository } from '@lanes/git';

export interface Pinger {
  /** Stops pinging and waits for a ping in flight (so none lands after it). */
  stop(): Promise<void>;
  /**
   * Runs `work` with no ping in flight and none starting: a landing's push never
   * competes with the session's own heartbeat (a commit on the coordination branch,
   * where the remote refuses heartbeat refs).
   */
  quiet<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * Keeps the session alive while it waits in the queue and while it rebases and tests:
 * a session that stopped pinging would be passed over, and its merge slot taken.
 */
export function startPinger(
  repo: Repository,
  coords: Coordinates,
  who: { sessionId: string; prdId: string },
  intervalMs: number,
  onError: (error: unknown) => void,
  onNote: (note: string) => void = () => {},
): Pinger {
  let inFlight: Promise<void> | undefined;
  let stopped = false;
  let quiet = 0;
  let reported = false;
  // A tick while a ping is still in flight is skipped: pings never overlap (two at once
  // lose the remote's compare-and-swap to each other), and none queue up behind a slow one.
  const tick = () => {
    if (stopped || quiet > 0 || inFlight) return;
    inFlight = ping(repo, coords.remote, who.sessionId, {
      prdId: who.prdId,
      coordinationBranch: coords.branch,
    })
      .then((result) => {
        if (result.note) onNote(result.note);
      })
      .catch((error: unknown) => {
        // One note is enough; the next ping may well succeed.
        if (!reported) onError(error);
        reported = true;
      })
      .finally(() => {
        inFlight = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await inFlight;
    },
    async quiet(work) {
      quiet++;
      try {
        await inFlight;
        return await work();
      } finally {
        quiet--;
      }
    },
  };
}
