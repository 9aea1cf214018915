import type { InstallResult } from '@lanes/hooks';

// What `lanes hooks install` and `lanes hooks uninstall` changed, file by file.

const ACTIONS: Record<InstallResult['hooks'][number]['action'], string> = {
  created: 'created',
  chained: 'installed; the hook that was there runs first',
  inserted: 'lanes’ lines added at the top',
  updated: 'updated',
};

export function renderInstall(result: InstallResult): string {
  const where = result.mode === 'husky' ? 'husky files' : 'git hooks directory';
  const lines = [`lanes hooks (${where}) in ${result.hooksDir}:`];
  if (result.hooks.length === 0) lines.push('  already installed, nothing changed');
  for (const hook of result.hooks) lines.push(`  ${hook.hook.padEnd(13)} ${ACTIONS[hook.action]}`);
  for (const worktree of result.worktrees) {
    lines.push(`  worktree ${worktree.path}: ${worktree.changed.length} file(s) set up`);
  }
  for (const note of result.notes) lines.push(`note: ${note}`);
  return lines.join('\n');
}

export function renderUninstall(result: {
  removed: string[];
  restored: string[];
  toCommit: string[];
}): string {
  if (result.removed.length === 0) return 'no lanes hooks were installed here; nothing changed';
  const restored = new Set(result.restored);
  return [
    'lanes hooks removed:',
    ...result.removed.map((path) =>
      restored.has(path) ? `  ${path} (the hook lanes had chained is back)` : `  ${path}`,
    ),
    ...(result.toCommit.length === 0
      ? []
      : [
          'to commit, so that the other clones stop running them:',
          ...result.toCommit.map((path) => `  ${path}`),
        ]),
  ].join('\n');
}
