import { line, oneLine, painter } from '@lanes/views';
import type { ShowReport } from '../results.js';

export function renderShow(report: ShowReport, options: { color: boolean }): string {
  const paint = painter(options.color);
  const holder =
    report.holder === null
      ? 'not claimed'
      : `held by ${report.holder.sessionId} (${report.holder.status}${report.holder.stale ? ', stale' : ''}, last seen ${report.holder.lastSeen})`;
  const done = report.stories.filter((story) => story.completed).length;
  return [
    line([['heading', report.prdId], ` ${oneLine(report.title)}`], paint),
    line([`  ${report.status} · ${holder} · branch ${report.branch}`], paint),
    line([`  ${done}/${report.stories.length} stories done · ${report.file}`], paint),
    ...report.stories.map((story) => {
      const mark = story.completed ? '[x]' : story.current ? '[>]' : '[ ]';
      return line(
        [`  ${mark} `, story.current ? ['strong', story.id] : story.id, ` ${oneLine(story.title)}`],
        paint,
      );
    }),
  ].join('\n');
}
