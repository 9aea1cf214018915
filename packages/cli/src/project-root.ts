import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What init proposes from: the names at the root (setupForLockfile) and package.json's fields. */
export interface ProjectRoot {
  files: string[];
  packageManager?: string;
  /** package.json's `scripts.test`: the check a release runs by default. */
  testScript?: string;
}

/** The names at a working tree's root, package.json's `packageManager` and its test script. */
export async function projectRoot(root: string): Promise<ProjectRoot> {
  const files = await readdir(root).catch(() => [] as string[]);
  const manifest = await readFile(join(root, 'package.json'), 'utf8').catch(() => null);
  let parsed: { packageManager?: unknown; scripts?: { test?: unknown } } | undefined;
  try {
    parsed = manifest === null ? undefined : JSON.parse(manifest);
  } catch {
    parsed = undefined;
  }
  const { packageManager } = parsed ?? {};
  const testScript = parsed?.scripts?.test;
  return {
    files,
    ...(typeof packageManager === 'string' ? { packageManager } : {}),
    ...(typeof testScript === 'string' ? { testScript } : {}),
  };
}
