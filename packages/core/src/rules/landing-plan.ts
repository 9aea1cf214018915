import type { MergeStrategy } from '../types.js';

// The commit main moves to when a release lands, described before it is built (the
// git side builds it from this plan).

export const MERGE_STRATEGIES: readonly MergeStrategy[] = ['merge', 'squash', 'rebase'];

export type LandingPlan =
  /** Nothing to land beyond main itself. */
  | { kind: 'main' }
  /** main fast-forwards to the tested tip (strategy rebase). */
  | { kind: 'tip' }
  /** A new commit with the tested tip's tree. */
  | { kind: 'commit'; parents: string[]; message: string };

export function mergeMessage(branch: string, prdId: string, title: string): string {
  return `Merge branch '${branch}': ${title} (${prdId})\n`;
}

export function squashMessage(
  prdId: string,
  title: string,
  branch: string,
  subjects: readonly string[],
): string {
  const list = subjects.map((subject) => `- ${subject}`).join('\n');
  return `${title} (${prdId})\n\nSquashed from ${branch}:\n${list}\n`;
}

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
        message: squashMessage(prdId, title, branch, subjects),
      };
    case 'merge':
      return {
        kind: 'commit',
        parents: [mainTip, testedTip],
        message: mergeMessage(branch, prdId, title),
      };
  }
}
