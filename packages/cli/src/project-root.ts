import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The names at a working tree's root and package.json's `packageManager` (for setupForLockfile). */
export async function projectRoot(
  root: string,
): Promise<{ files: string[]; packageManager?: string }> {
  const files = await readdir(root).catch(() => [] as string[]);
  const manifest = await readFile(join(root, 'package.json'), 'utf8').catch(() => null);
  let packageManager: unknown;
  try {
    packageManager = manifest === null ? undefined : JSON.parse(manifest)?.packageManager;
  } catch {
    packageManager = undefined;
  }
  return typeof packageManager === 'string' ? { files, packageManager } : { files };
}
