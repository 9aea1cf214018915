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
): Pinger {
  let inFlight: Promise<void> = Promise.resolve();
  let stopped = false;
  let reported = false;
  const tick = () => {
    if (stopped) return;
    inFlight = ping(repo, coords.remote, who.sessionId, {
      prdId: who.prdId,
      coordinationBranch: coords.branch,
    })
      .then(() => undefined)
      .catch((error: unknown) => {
        // One note is enough; the next ping may well succeed.
        if (!reported) onError(error);
        reported = true;
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
