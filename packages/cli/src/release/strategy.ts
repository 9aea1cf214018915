import { LanesError, MERGE_STRATEGIES, type MergeStrategy } from '@lanes/core';
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
