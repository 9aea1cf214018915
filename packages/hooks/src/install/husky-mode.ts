import { chmod, cp, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HookChange } from './git-mode.js';
import { exists, isDirectory, readOptional } from './files.js';
import { HOOK_NAMES, hasHuskyBlock, withHuskyBlock, withoutHuskyBlock } from './hook-scripts.js';
import { huskyRuntimeDir } from './setup.js';

/**
 * Puts lanes' block into `.husky/<hook>` of one worktree. `onlyMissing` leaves files that
 * already have a block alone (a linked worktree: nothing to update, nothing to dirty).
 */
export async function installHuskyBlocks(root: string, onlyMissing = false): Promise<HookChange[]> {
  const changes: HookChange[] = [];
  for (const hook of HOOK_NAMES) {
    const path = join(root, '.husky', hook);
    const content = await readOptional(path);
    if (onlyMissing && content !== undefined && hasHuskyBlock(content)) continue;
    const next = withHuskyBlock(content, hook);
    if (next === content) continue;
    await writeFile(path, next, content === undefined ? { mode: 0o755 } : {});
    if (content === undefined) await chmod(path, 0o755);
    changes.push({
      hook,
      path,
      action: content === undefined ? 'created' : hasHuskyBlock(content) ? 'updated' : 'inserted',
    });
  }
  return changes;
}

/** Takes lanes' block out of `.husky/<hook>` of one worktree; a file lanes created goes away. */
export async function removeHuskyBlocks(root: string): Promise<string[]> {
  const removed: string[] = [];
  for (const hook of HOOK_NAMES) {
    const path = join(root, '.husky', hook);
    const content = await readOptional(path);
    if (content === undefined || !hasHuskyBlock(content)) continue;
    const before = withoutHuskyBlock(content);
    if (before === null) await unlink(path);
    else await writeFile(path, before);
    removed.push(path);
  }
  return removed;
}

/**
 * A linked worktree starts without husky's gitignored runtime, so git finds no hooks
 * there: copy it from a worktree that has it (what running husky there would produce).
 */
export async function copyHuskyRuntime(
  fromRoot: string,
  toRoot: string,
): Promise<string | undefined> {
  const source = huskyRuntimeDir(fromRoot);
  const target = huskyRuntimeDir(toRoot);
  if (source === target || (await exists(target)) || !(await isDirectory(source))) return undefined;
  if (!(await isDirectory(join(toRoot, '.husky')))) return undefined;
  await cp(source, target, { recursive: true, preserveTimestamps: true });
  return target;
}
