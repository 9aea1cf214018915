import type { ReleaseStage } from '@lanes/core';
import { ping, pingRefOnly, type Coordinates, type Repository } from '@lanes/git';

export interface Pinger {
  /**
   * The release entered a stage (`rebasing`, `check 2/3`): said at once on the heartbeat
   * ref, and carried by every later ping, so other clones' `lanes status` shows it.
   */
  stage(stage: ReleaseStage): void;
  /** Stops pinging and waits for a ping in flight (so none lands after it). */
  stop(): Promise<void>;
  /**
   * Runs `work` with no ping in flight and none starting: a landing's push never
   * competes with the session's own heartbeat (a commit on the coordination branch,
   * where the remote refuses heartbeat refs). Stage pings go to the ref only, so they
   * never move the coordination branch.
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
  let current: ReleaseStage | undefined;
  // Only on the ref for a stage change: a remote without heartbeat refs would otherwise
  // get a commit on the coordination branch per stage.
  const send = (refOnly: boolean) => {
    const info = {
      prdId: who.prdId,
      coordinationBranch: coords.branch,
      ...(current === undefined ? {} : { stage: current }),
    };
    const previous = inFlight ?? Promise.resolve();
    const mine: Promise<void> = previous
      .then(async () => {
        const args = [repo, coords.remote, who.sessionId, info] as const;
        const result = refOnly ? await pingRefOnly(...args) : await ping(...args);
        if (result.note) onNote(result.note);
      })
      .catch((error: unknown) => {
        // One note is enough; the next ping may well succeed.
        if (!reported) onError(error);
        reported = true;
      })
      .finally(() => {
        if (inFlight === mine) inFlight = undefined;
      });
    inFlight = mine;
  };
  // A tick while a ping is still in flight is skipped: pings never overlap (two at once
  // lose the remote's compare-and-swap to each other), and none queue up behind a slow one.
  const tick = () => {
    if (stopped || quiet > 0 || inFlight) return;
    send(false);
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    stage(stage) {
      current = stage;
      if (!stopped) send(true);
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      while (inFlight) await inFlight;
    },
    async quiet(work) {
      quiet++;
      try {
        while (inFlight) await inFlight;
        return await work();
      } finally {
        quiet--;
      }
    },
  };
}
