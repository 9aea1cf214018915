import { access, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// The other side of the release's pause hook (packages/release/src/kill-point.ts): a release
// started with `env` stops at `point` each time it gets there, until the test says go.

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

export interface PauseHook {
  env: Record<string, string>;
  /**
   * Waits until the release reaches the point for the `n`-th time (true) or has ended
   * (false), whichever comes first.
   */
  reached(n: number, ended: () => boolean): Promise<boolean>;
  go(n: number): Promise<void>;
}

export async function pauseHook(root: string, point: string): Promise<PauseHook> {
  const dir = join(root, 'pauses');
  await mkdir(dir, { recursive: true });
  const mark = (n: number) => join(dir, `${point}.${n}`);
  return {
    env: { LANES_TEST_PAUSE_AT: point, LANES_TEST_PAUSE_DIR: dir },
    async reached(n, ended) {
      const deadline = Date.now() + 120_000;
      for (;;) {
        if (await exists(mark(n))) return true;
        if (ended()) return false;
        if (Date.now() > deadline) throw new Error(`the release never reached ${point} #${n}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    go: (n) => writeFile(`${mark(n)}.go`, ''),
  };
}

/** A promise, and whether it has settled yet. */
export function tracked<T>(promise: Promise<T>): { promise: Promise<T>; settled: () => boolean } {
  let settled = false;
  const done = () => {
    settled = true;
  };
  promise.then(done, done);
  return { promise, settled: () => settled };
}
