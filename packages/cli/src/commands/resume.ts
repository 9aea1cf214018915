import { LanesError, normalizePrdId } from '@lanes/core';
import { interruptible, resume, type StartProgress } from '@lanes/start-work';
import type { Command } from '../command.js';
import { renderStarted } from '../render/start.js';

export const resumeCommand: Command = {
  name: 'resume',
  summary: 'take over the claim of a stale session',
  usage: 'resume <prd> [--worktree [<path>]] [--force]',
  options: {
    worktree: {
      type: 'optional-string',
      valueName: 'path',
      description: 'resume in a new linked worktree (default <repo>-<slug>)',
    },
    force: { type: 'boolean', description: 'take over a holder that still looks alive' },
  },
  maxPositionals: 1,
  movesBranches: true,
  async run(ctx, { values, positionals }) {
    if (positionals[0] === undefined) {
      throw new LanesError('E_USAGE', 'resume: <prd> is required', {
        hint: "usage: lanes resume <prd>; 'lanes stale' lists what can be resumed",
      });
    }
    const request = {
      prdId: normalizePrdId(positionals[0]),
      worktree: values.worktree,
      force: values.force === true,
    };
    const progress: StartProgress = { what: 'resume' };
    const result = await interruptible(ctx, progress, () => resume(ctx, request, progress));
    return { data: result, text: renderStarted('resumed', result, { color: ctx.color }) };
  },
};
