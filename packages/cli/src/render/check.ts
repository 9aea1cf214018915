import { holderWords } from '../check/hook-input.js';
import { line, painter, type Style } from './layout.js';
import type { CheckReport } from '../results.js';

const STYLE: Record<string, Style> = { high: 'bad', medium: 'warn', low: 'dim', none: 'good' };

export function renderCheck(report: CheckReport, options: { color: boolean }): string {
  const paint = painter(options.color);
  const lines = report.paths.flatMap((path) => [
    line([[STYLE[path.risk] ?? 'dim', path.risk.padEnd(6)], ` ${path.path}`], paint),
    ...path.holders.map((holder) =>
      line([`        ${holder.risk}: ${holderWords(holder)}`], paint),
    ),
  ]);
  const age = report.fetched
    ? 'state fetched now'
    : `state not fetched: ${report.stateAge === null ? 'last fetched state' : `fetched ${report.stateAge}s ago`}`;
  lines.push(line([['dim', age]], paint));
  if (report.risk === 'high') {
    lines.push(line(['do not edit the high-risk files now: work elsewhere or coordinate'], paint));
  }
  return lines.join('\n');
}
