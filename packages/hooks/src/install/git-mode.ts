import { chmod, mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LanesError } from '@lanes/core';
import { exists, readOptional } from './files.js';
import {
  CHAINED_SUFFIX,
  HOOK_NAMES,
  hookScript,
  isLanesScript,
  type HookName,
} from './hook-scripts.js';

export interface HookChange {
  hook: HookName;
  path: string;
  /**
   * created: no hook was there; chained: the existing hook moved aside and runs first;
   * inserted: lanes' block went into an existing husky file; updated: lanes' part rewritten.
   */
  action: 'created' | 'chained' | 'inserted' | 'updated';
}

interface Plan extends HookChange {
  chained: string;
}

/**
 * Writes lanes' scripts into a hooks directory, moving any existing hook aside to
 * `<hook>.lanes-chained` (the script runs it first). Every hook is checked before any
 * file changes, so a refusal leaves the directory as it was. Idempotent.
 */
export async function installScripts(hooksDir: string): Promise<HookChange[]> {
  const plans: Plan[] = [];
  for (const hook of HOOK_NAMES) {
    const path = join(hooksDir, hook);
    const chained = `${path}${CHAINED_SUFFIX}`;
    const present = await exists(path);
    const ours = present && isLanesScript((await readOptional(path).catch(() => undefined)) ?? '');
    if (present && !ours && (await exists(chained))) {
      throw new LanesError(
        'E_USAGE',
        `both ${path} and ${chained} exist; lanes cannot chain a third hook`,
        {
          hint: `merge or remove one of them, then run \`lanes hooks install\` again`,
        },
      );
    }
    plans.push({ hook, path, chained, action: ours ? 'updated' : present ? 'chained' : 'created' });
  }
  await mkdir(hooksDir, { recursive: true });
  for (const plan of plans) {
    if (plan.action === 'chained') await rename(plan.path, plan.chained);
    await writeFile(plan.path, hookScript(plan.hook), { mode: 0o755 });
    await chmod(plan.path, 0o755);
  }
  return plans.map(({ hook, path, action }) => ({ hook, path, action }));
}

/** Removes lanes' scripts and moves chained hooks back, byte for byte (a rename). */
export async function removeScripts(
  hooksDir: string,
): Promise<{ removed: string[]; restored: string[] }> {
  const removed: string[] = [];
  const restored: string[] = [];
  for (const hook of HOOK_NAMES) {
    const path = join(hooksDir, hook);
    const chained = `${path}${CHAINED_SUFFIX}`;
    const content = await readOptional(path).catch(() => undefined);
    if (content === undefined || !isLanesScript(content)) continue;
    await unlink(path);
    removed.push(path);
    if (await exists(chained)) {
      await rename(chained, path);
      restored.push(path);
    }
  }
  return { removed, restored };
}
