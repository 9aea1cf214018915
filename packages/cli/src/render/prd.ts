import { line, oneLine, painter, RISK_STYLE, type Part } from '@lanes/views';
import type { PrdAddResult, PrdReadyResult } from '../results.js';

// What `lanes prd add` and `lanes prd ready` did, with the next step.

export function renderPrdAdded(result: PrdAddResult, options: { color: boolean }): string {
  const paint = painter(options.color);
  const stories = `${result.stories.total} ${result.stories.total === 1 ? 'story' : 'stories'}`;
  const needs = result.dependsOn.length > 0 ? ` · depends on ${result.dependsOn.join(', ')}` : '';
  const lines = [
    line(
      [['heading', `registered ${result.prdId}`], ` as ${result.status}: ${result.file}`],
      paint,
    ),
    line([`  ${oneLine(result.title)}`], paint),
    line([`  priority ${result.priority} · ${stories}${needs}`], paint),
  ];
  for (const conflict of result.conflictsWith) {
    const paths = conflict.sharedPaths?.length ? ` (${conflict.sharedPaths.join(', ')})` : '';
    const risk: Part = [RISK_STYLE[conflict.risk], conflict.risk];
    lines.push(line(['  conflict risk ', risk, ` with ${conflict.prdId}${paths}`], paint));
  }
  if (result.removedCopy !== null) {
    lines.push(
      line(
        [
          [
            'dim',
            `  removed your untracked ${result.removedCopy}: the coordination branch has it now`,
          ],
        ],
        paint,
      ),
    );
  }
  lines.push(
    result.status === 'draft'
      ? line([`next: lanes prd ready ${result.prdId} makes it claimable`], paint)
      : line([claimNext(result.prdId, result.unmetDependencies)], paint),
  );
  return lines.join('\n');
}

export function renderPrdReady(result: PrdReadyResult, options: { color: boolean }): string {
  const paint = painter(options.color);
  const head = result.changed
    ? line([['heading', `${result.prdId} is ready`], `: moved to ${result.file}`], paint)
    : line([`${result.prdId} was ready already: nothing to commit`], paint);
  return [head, line([claimNext(result.prdId, result.unmetDependencies)], paint)].join('\n');
}

/** The next step for a ready PRD: claiming it, or waiting for its dependencies first. */
function claimNext(prdId: string, unmet: readonly string[]): string {
  if (unmet.length === 0) return `next: lanes claim ${prdId} starts working on it`;
  const verb = unmet.length === 1 ? 'is' : 'are';
  return `next: waiting until ${unmet.join(', ')} ${verb} completed; then lanes claim ${prdId}`;
}
