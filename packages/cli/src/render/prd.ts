import { line, oneLine, painter } from './layout.js';
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
    const style = conflict.risk === 'high' ? 'bad' : conflict.risk === 'medium' ? 'warn' : 'dim';
    lines.push(
      line(['  conflict risk ', [style, conflict.risk], ` with ${conflict.prdId}${paths}`], paint),
    );
  }
  lines.push(
    result.status === 'draft'
      ? line([`next: lanes prd ready ${result.prdId} makes it claimable`], paint)
      : line([`next: lanes claim ${result.prdId} starts working on it`], paint),
  );
  return lines.join('\n');
}

export function renderPrdReady(result: PrdReadyResult, options: { color: boolean }): string {
  const paint = painter(options.color);
  const head = result.changed
    ? line([['heading', `${result.prdId} is ready`], `: moved to ${result.file}`], paint)
    : line([`${result.prdId} was ready already: nothing to commit`], paint);
  return [head, line([`next: lanes claim ${result.prdId} starts working on it`], paint)].join('\n');
}
