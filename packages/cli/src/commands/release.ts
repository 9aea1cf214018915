import type { Command } from '../command.js';
import { renderRelease } from '../render/release.js';
import { runRelease } from '@lanes/release';

export const releaseCommand: Command = {
  name: 'release',
  summary: 'land the work through the merge queue',
  usage: 'release [--no-wait] [--strategy S] [--priority P]',
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
    priority: {
      type: 'string',
      valueName: 'P',
      description: 'high: ahead of the normal releases in the merge queue (default normal)',
    },
  },
  maxPositionals: 0,
  movesBranches: true,
  async run(ctx, { values }) {
    const outcome = await runRelease(ctx, {
      wait: values['no-wait'] !== true,
      ...(typeof values.strategy === 'string' ? { strategy: values.strategy } : {}),
      ...(typeof values.priority === 'string' ? { priority: values.priority } : {}),
    });
    return { data: outcome, text: renderRelease(outcome) };
  },
};
