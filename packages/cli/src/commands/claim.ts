import { normalizePrdId } from '@lanes/core';
import { claim, interruptible, type StartProgress } from '@lanes/start-work';
import type { Command } from '../command.js';
import { renderStarted } from '../render/start.js';

export const claimCommand: Command = {
  name: 'claim',
  summary: 'claim a PRD and start its branch',
  usage: 'claim [<prd>] [--worktree [<path>]] [--force]',
  options: {
    worktree: {
      type: 'optional-string',
      valueName: 'path',
      description: 'claim in a new linked worktree (default <repo>-<slug>)',
    },
    force: {
      type: 'boolean',
      description: 'claim despite a high conflict risk, never a held PRD',
    },
  },
  maxPositionals: 1,
  movesBranches: true,
  async run(ctx, { values, positionals }) {
    const named = positionals[0] === undefined ? undefined : normalizePrdId(positionals[0]);
    const request = { named, worktree: values.worktree, force: values.force === true };
    const progress: StartProgress = { what: 'claim' };
    const result = await interruptible(ctx, progress, () => claim(ctx, request, progress));
    return { data: result, text: renderStarted('claimed', result, { color: ctx.color }) };
  },
};
