import { openRepository } from '@lanes/git';
import { uninstallHooks } from '@lanes/hooks';
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
    const result = await uninstallHooks(repo);
    return { data: result, text: renderUninstall(result) };
  },
};
