import type { Command } from '../command.js';
import { renderRelease } from '../release/render.js';
import { runRelease } from '../release/run-release.js';

export const releaseCommand: Command = {
  name: 'release',
  summary: 'land the work through the merge queue',
  usage: 'release [--no-wait] [--strategy S]',
  options: {
    'no-wait': {
      type: 'boolean',
      description: 'join the merge queue and return at once with the position',
    },
    strategy: {
      type: 'string',
      valueName: 'S',
      description: 'merge, squash or rebase (default: agents.mergeQueue.strategy)',
    },
  },
  maxPositionals: 0,
  movesBranches: true,
  async run(ctx, { values }) {
    const outcome = await runRelease(ctx, {
      wait: values['no-wait'] !== true,
      ...(typeof values.strategy === 'string' ? { strategy: values.strategy } : {}),
    });
    return { data: outcome, text: renderRelease(outcome) };
  },
};
