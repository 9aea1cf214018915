import { changedAmong, openRepository } from '@lanes/git';
import { HOOK_NAMES, uninstallHooks } from '@lanes/hooks';
import type { Command } from '../command.js';
import { renderUninstall } from '../render/hooks.js';

export const hooksUninstallCommand: Command = {
  name: 'hooks uninstall',
  summary: 'remove the git hooks, restoring the ones lanes chained',
  usage: 'hooks uninstall',
  options: {},
  maxPositionals: 0,
  async run(ctx) {
    const repo = await openRepository(ctx.cwd, { env: ctx.env });
    const removed = await uninstallHooks(repo);
    // husky's files are committed: until the change is, every clone keeps running lanes.
    const toCommit = await changedAmong(
      repo.git,
      HOOK_NAMES.map((hook) => `.husky/${hook}`),
    );
    const result = { ...removed, toCommit };
    return { data: result, text: renderUninstall(result) };
  },
};
