import { LanesError, MERGE_STRATEGIES, type MergeStrategy } from '@lanes/core';
import { batchMessages } from './batch-messages.js';
import { releaseMessages } from './messages.js';

/** `--strategy S`, checked before anything else happens. */
export function parseStrategy(value: string): MergeStrategy {
  const strategy = MERGE_STRATEGIES.find((known) => known === value);
  if (strategy === undefined) {
    throw new LanesError('E_USAGE', releaseMessages.badStrategy(value), {
      hint: releaseMessages.strategyHint,
      details: { strategy: value, strategies: [...MERGE_STRATEGIES] },
    });
  }
  return strategy;
}

/** `--priority P`: `high` goes ahead of the normal releases in the queue. */
export function parsePriority(value: string): 'high' | undefined {
  if (value === 'high') return 'high';
  if (value === 'normal') return undefined;
  throw new LanesError('E_USAGE', batchMessages.badPriority(value), {
    hint: batchMessages.priorityHint,
    details: { priority: value, priorities: ['high', 'normal'] },
  });
}
