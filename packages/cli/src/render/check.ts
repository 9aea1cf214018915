import { holderWords } from '@lanes/core';
import { line, painter, WIDTH, type Part, type Style } from '@lanes/views';
import type { CheckReport } from '../results.js';

const STYLE: Record<string, Style> = { high: 'bad', medium: 'warn', low: 'dim', none: 'good' };

/** `width`: the terminal's; unlimited when stdout is not one (an agent reads it whole). */
export function renderCheck(
  report: CheckReport,
  options: { color: boolean; width?: number },
): string {
  const paint = painter(options.color);
  const say = (parts: readonly Part[]) => line(parts, paint, options.width ?? WIDTH);
  const lines = report.paths.flatMap((path) => [
    say([[STYLE[path.risk] ?? 'dim', path.risk.padEnd(6)], ` ${path.path}`]),
    ...path.holders.map((holder) => say([`        ${holder.risk}: ${holderWords(holder)}`])),
  ]);
  const age = report.fetched
    ? 'state fetched now'
    : `state not fetched: ${report.stateAge === null ? 'last fetched state' : `fetched ${report.stateAge}s ago`}`;
  lines.push(say([['dim', age]]));
  if (report.risk === 'high') {
    lines.push(say(['do not edit the high-risk files now: work elsewhere or coordinate']));
  }
  return lines.join('\n');
}
