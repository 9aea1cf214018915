import type { RiskFinding } from '@lanes/core';
import { line, painter, RISK_STYLE, WIDTH } from '@lanes/views';
import type { ConflictsReport } from '../results.js';

// `lanes conflicts`: each risky pair with its level, then one line per finding
// (source, what it found, which paths), highest risk first.

/** Where a finding's text starts: 10 + the level (7) + a space, the source (9), a space. */
const FINDING_INDENT = 28;

/** Words onto lines of at most `width` columns (a longer word gets a line of its own). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const next = current === '' ? word : `${current} ${word}`;
    if ([...next].length <= width || current === '') current = next;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current !== '') lines.push(current);
  return lines;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** What a finding says; `paths` findings already name their globs in the detail. */
function findingText(finding: RiskFinding): string {
  const detail = finding.detail ?? `${finding.risk} risk`;
  if (finding.source === 'paths' || finding.paths.length === 0) return detail;
  return `${detail}: ${finding.paths.join(', ')}`;
}

function summary(report: ConflictsReport): string {
  const scope = report.prd === null ? '' : ` involving ${report.prd}`;
  const compared =
    report.branches.compared === 0
      ? 'no branches compared'
      : `${plural(report.branches.compared, 'pair')} compared on their branches`;
  const offline = report.branches.offline ? ', last fetched tips' : '';
  const counted = `${plural(report.checked, 'pair')} checked${scope}; ${compared}${offline}`;
  return report.pairs.length === 0
    ? `no conflict risk (${counted})`
    : `conflict risk in ${report.pairs.length} of ${counted.replace(/ checked/, '')}`;
}

function writeLines(report: ConflictsReport): string[] {
  if (report.written === undefined) return [];
  if (report.written.length === 0) {
    return ['conflictsWith in docs/prd-registry.json is already up to date', ''];
  }
  const commit = report.commit ? ` (commit ${report.commit.slice(0, 12)})` : '';
  return [
    `recorded ${plural(report.written.length, 'declaration')} in docs/prd-registry.json${commit}:`,
    ...report.written.map(
      (change) => `  ${change.prdId} → ${change.other}: ${change.from} → ${change.to}`,
    ),
    '',
  ];
}

export function renderConflicts(report: ConflictsReport, options: { color: boolean }): string {
  const paint = painter(options.color);
  const lines = [...writeLines(report), summary(report)];
  for (const pair of report.pairs) {
    const stale = pair.stale.length > 0 ? `  (stale: ${pair.stale.join(', ')})` : '';
    lines.push(
      '',
      line(
        [
          '  ',
          [RISK_STYLE[pair.risk], pair.risk.padEnd(7)],
          ' ',
          ['strong', `${pair.a} ↔ ${pair.b}`],
          stale,
        ],
        paint,
      ),
    );
    for (const finding of pair.findings) {
      const [first = '', ...rest] = wrap(findingText(finding), WIDTH - FINDING_INDENT);
      lines.push(
        line(
          [
            ' '.repeat(10),
            [RISK_STYLE[finding.risk], finding.risk.padEnd(7)],
            ` ${finding.source.padEnd(9)} `,
            first,
          ],
          paint,
        ),
        ...rest.map((more) => line([' '.repeat(FINDING_INDENT), more], paint)),
      );
    }
  }
  return lines.join('\n');
}
