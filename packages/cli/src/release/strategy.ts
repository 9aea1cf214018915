import { LanesError, type MergeStrategy } from '@lanes/core';
import { releaseMessages } from './messages.js';

export const MERGE_STRATEGIES: readonly MergeStrategy[] = ['merge', 'squash', 'rebase'];

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

/** The commit main moves to, described before it is built (pure, so it can be tested). */
export type LandingPlan =
  /** Nothing to land beyond main itself. */
  | { kind: 'main' }
  /** main fast-forwards to the tested tip (strategy rebase). */
  | { kind: 'tip' }
  /** A new commit with the tested tip's tree. */
  | { kind: 'commit'; parents: string[]; message: string };

export function planLanding(request: {
  strategy: MergeStrategy;
  mainTip: string;
  testedTip: string;
  branch: string;
  prdId: string;
  title: string;
  subjects: readonly string[];
}): LandingPlan {
  const { strategy, mainTip, testedTip, branch, prdId, title, subjects } = request;
  if (testedTip === mainTip) return { kind: 'main' };
  switch (strategy) {
    case 'rebase':
      return { kind: 'tip' };
    case 'squash':
      return {
        kind: 'commit',
        parents: [mainTip],
        message: releaseMessages.squashMessage(prdId, title, branch, subjects),
      };
    case 'merge':
      return {
        kind: 'commit',
        parents: [mainTip, testedTip],
        message: releaseMessages.mergeMessage(branch, prdId, title),
      };
  }
}
