import { createRequire } from 'node:module';
import { basename, join } from 'node:path';

// A worker started through tsx spends ~0.5 s of CPU compiling lanes before it does
// anything; sixteen of them on two cores are seconds of a test's time, and a benchmark
// of "a fresh process doing one ping" would mostly measure tsx. Bundled once with
// esbuild (which tsx itself depends on: lanes adds no dependency for it) a worker starts
// like the built hook would. Without esbuild the worker runs through tsx, only slower.

interface Esbuild {
  build(options: {
    entryPoints: string[];
    outfile: string;
    bundle: true;
    platform: 'node';
    format: 'esm';
    target: string;
    conditions: string[];
    banner: { js: string };
    logLevel: 'error';
  }): Promise<unknown>;
}

function loadEsbuild(): Esbuild | null {
  try {
    const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx'));
    return fromTsx('esbuild') as Esbuild;
  } catch {
    return null;
  }
}

/**
 * Bundles a TypeScript worker (lanes sources included) into `outDir` and returns the
 * `.mjs` to run with plain node; returns `entry` unchanged when esbuild is not at hand
 * (runWorkers then runs it through tsx).
 */
export async function bundleWorker(entry: string, outDir: string): Promise<string> {
  const esbuild = loadEsbuild();
  if (!esbuild) return entry;
  const outfile = join(outDir, basename(entry).replace(/\.ts$/, '.mjs'));
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@lanes/source'],
    // CommonJS dependencies inside an ES module bundle still call require().
    banner: {
      js: "import { createRequire as __lanesCreateRequire } from 'node:module'; const require = __lanesCreateRequire(import.meta.url);",
    },
    logLevel: 'error',
  });
  return outfile;
}
