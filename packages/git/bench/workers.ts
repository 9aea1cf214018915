import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorker } from '../test/workers/bundle.js';
import { runOrThrow } from './process-timing.js';

export interface BenchScripts {
  /** test/workers/store-worker.ts, for runWorkers. */
  storeWorker: string;
  /** once.ts: a fresh process doing one ping or one transaction. */
  once: string;
  /** Runs `node <script> <args>` to completion (through tsx when it could not be bundled). */
  runNode(script: string, args: readonly string[]): Promise<void>;
  floor: string;
  naiveHeartbeat: string;
  dispose(): Promise<void>;
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Bundles the bench's node scripts into a temp folder, so a fresh process starts like the built hook. */
export async function prepareScripts(): Promise<BenchScripts> {
  const dir = await mkdtemp(join(tmpdir(), 'lanes-bench-bin-'));
  const [storeWorker, once] = await Promise.all([
    bundleWorker(here('../test/workers/store-worker.ts'), dir),
    bundleWorker(here('./once.ts'), dir),
  ]);
  return {
    storeWorker,
    once,
    runNode: (script, args) =>
      script.endsWith('.ts')
        ? // tsx is found from the script's folder, inside the monorepo.
          runOrThrow(
            process.execPath,
            ['--conditions=@lanes/source', '--import', 'tsx', script, ...args],
            dirname(script),
          )
        : runOrThrow(process.execPath, [script, ...args], dirname(script)),
    floor: here('./scripts/floor.sh'),
    naiveHeartbeat: here('./scripts/naive-heartbeat.sh'),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
