import { LanesError } from '@lanes/core';
import { openRepository } from '@lanes/git';
import { installHooks, type HookMode } from '@lanes/hooks';
import type { Command } from '../command.js';
import { lanesBinPath } from '../lanes-bin.js';
import { renderInstall } from '../render/hooks.js';

export const hooksInstallCommand: Command = {
  name: 'hooks install',
  summary: 'install the git hooks (husky’s files or git’s hooks directory)',
  usage: 'hooks install [--husky | --git]',
  options: {
    husky: { type: 'boolean', description: 'put lanes’ lines into .husky/<hook> files' },
    git: { type: 'boolean', description: 'write scripts into the hooks directory git uses' },
  },
  maxPositionals: 0,
  async run(ctx, { values }) {
    if (values.husky && values.git) {
      throw new LanesError('E_USAGE', 'hooks install: --husky and --git exclude each other');
    }
    const mode: HookMode | undefined = values.husky ? 'husky' : values.git ? 'git' : undefined;
    const repo = await openRepository(ctx.cwd, { env: ctx.env });
    const result = await installHooks(repo, {
      lanesBin: lanesBinPath(),
      ...(mode === undefined ? {} : { mode }),
    });
    return { data: { ...result, lanesBin: lanesBinPath() }, text: renderInstall(result) };
  },
};
