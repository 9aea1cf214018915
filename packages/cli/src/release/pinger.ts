import { ping, type Coordinates, type Repository } from '@lanes/git';

export interface Pinger {
  /** Stops pinging and waits for a ping in flight (so none lands after it). */
  stop(): Promise<void>;
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
  let reported = false;
  // A tick while a ping is still in flight is skipped: pings never overlap (two at once
  // lose the remote's compare-and-swap to each other), and none queue up behind a slow one.
  const tick = () => {
    if (stopped || inFlight) return;
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
  };
}
