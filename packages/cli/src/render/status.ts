import type { RiskLevel } from '@lanes/core';
import type { StatusReport } from '../results.js';
import {
  cell,
  line,
  oneLine,
  painter,
  type Part,
  secondsSince,
  section,
  shortAge,
  table,
  WIDTH,
} from '@lanes/views';
import { sessionLines } from './sessions.js';

// `lanes status` as text: one section per kind of work, empty sections left out,
// every line within the width (the terminal's; unlimited when stdout is not one).

/** How many completed and abandoned PRDs the text shows (JSON has them all). */
const RECENT = 5;

export interface StatusTextOptions {
  color: boolean;
  /** Why branch-based conflict analysis was skipped, if it was. */
  riskProblem?: string;
  /** Columns a line may take (default 80); Infinity never cuts. */
  width?: number;
  /** The time stage ages are counted to (default: now). */
  now?: Date;
}

export function renderStatus(report: StatusReport, options: StatusTextOptions): string {
  const paint = painter(options.color);
  const width = options.width ?? WIDTH;
  const draw = (parts: readonly Part[]) => line(parts, paint, width);
  const rows = (cells: Parameters<typeof table>[0]) => table(cells, paint, '  ', width);
  const live = report.sessions.filter((s) => !s.stale);
  const active = live.filter((s) => s.status !== 'blocked');
  const blocked = live.filter((s) => s.status === 'blocked');
  const stale = report.sessions.filter((s) => s.stale);

  const sessions = (list: typeof live) => list.flatMap((s) => sessionLines(s, paint, width));
  const staleBody = sessions(stale);
  if (staleBody.length > 0) {
    staleBody.push(draw(['  ', ['dim', "run 'lanes stale' for the choices: resume or abandon"]]));
  }
  const drafts = report.drafts.map((d): Part[] => [
    ['strong', d.id],
    d.priority,
    ['dim', oneLine(d.title)],
  ]);
  const sections: [string, number, string[]][] = [
    ['ACTIVE', active.length, sessions(active)],
    ['STALE', stale.length, staleBody],
    ['BLOCKED', blocked.length, sessions(blocked)],
    [
      'MERGE QUEUE',
      report.mergeQueue.length,
      mergeQueueLines(report, rows, options.now ?? new Date()),
    ],
    ['AVAILABLE', report.available.length, availableLines(report, rows)],
    ['WAITING', report.waiting.length, waitingLines(report, rows)],
    ['DRAFTS', report.drafts.length, rows(drafts)],
    [
      'COMPLETED',
      report.completed.length,
      recentLines(report.completed, (e) => [e.completedAt, ['dim', oneLine(e.title)]], rows, draw),
    ],
    [
      'ABANDONED',
      report.abandoned.length,
      recentLines(report.abandoned, (e) => [e.abandonedAt, oneLine(e.reason)], rows, draw),
    ],
    ['CONFLICT WARNINGS', report.warnings.length, warningLines(report, draw)],
    ['INTERRUPTED LANDINGS', report.interrupted.length, interruptedLines(report, draw)],
  ];
  const out: string[] = [
    draw([['heading', 'lanes status'], ` · ${report.source}`]),
    ...(report.offline ? [draw([['warn', 'offline: showing the last fetched state']])] : []),
    ...(report.sessions.length === 0 ? ['', 'no active sessions'] : []),
    ...sections.flatMap(([title, count, body]) => section(title, count, body, paint)),
  ];
  if (options.riskProblem !== undefined && report.warnings.length + report.sessions.length > 0) {
    out.push('', draw([['dim', `branches not compared: ${oneLine(options.riskProblem)}`]]));
  }
  if (
    report.sessions.length === 0 &&
    report.available.length + report.waiting.length + report.drafts.length === 0
  ) {
    out.push(
      '',
      // Read by agents too: an agent stops or asks; writing PRDs is a person's call.
      draw(['no PRDs to work on: stop, or ask a person for new work']),
      draw(['(a person registers one with ', ['strong', "'lanes prd add <file>'"], ')']),
    );
  }
  return out.join('\n');
}

function riskPart(risk: RiskLevel): Part {
  if (risk === 'high') return ['bad', 'high'];
  if (risk === 'medium') return ['warn', 'medium'];
  if (risk === 'low') return 'low';
  return ['dim', 'none'];
}

type Rows = (cells: Parameters<typeof table>[0]) => string[];
type Draw = (parts: readonly Part[]) => string;

function mergeQueueLines(report: StatusReport, rows: Rows, now: Date): string[] {
  return rows(
    report.mergeQueue.map((entry) => [
      `${entry.position}.`,
      ['strong', entry.prdId],
      entry.sessionId,
      entry.status !== 'merging'
        ? 'queued'
        : entry.mergedBy !== null
          ? ['good', `merging in the batch of ${entry.mergedBy}`]
          : cell(
              ['good', 'merging now'],
              entry.stage === null
                ? ''
                : ` · ${oneLine(entry.stage)} for ${shortAge(secondsSince(entry.stageStartedAt, now))}`,
            ),
      entry.priority === 'high' ? ['warn', 'high priority'] : '',
      entry.stale ? ['warn', 'stale: skipped until resumed'] : '',
    ]),
  );
}

function availableLines(report: StatusReport, rows: Rows): string[] {
  return rows(
    report.available.map((entry) => [
      ['strong', entry.id],
      entry.priority,
      cell(
        'risk ',
        riskPart(entry.risk),
        entry.against.length > 0 ? ` (${entry.against.join(', ')})` : '',
      ),
      ['dim', oneLine(entry.title)],
    ]),
  );
}

function waitingLines(report: StatusReport, rows: Rows): string[] {
  return rows(
    report.waiting.map((entry) => [
      ['strong', entry.id],
      `needs ${entry.unmetDependencies.join(', ')}`,
    ]),
  );
}

/** The first RECENT entries (id, day, what), then how many more JSON lists. */
function recentLines<T extends { id: string }>(
  entries: readonly T[],
  cells: (entry: T) => [string, Part],
  rows: Rows,
  draw: Draw,
): string[] {
  const shown = entries.slice(0, RECENT);
  const more = entries.length - shown.length;
  return [
    ...rows(
      shown.map((entry) => {
        const [at, what] = cells(entry);
        return [['strong', entry.id], at.slice(0, 10), what];
      }),
    ),
    ...(more > 0
      ? [draw(['  ', ['dim', `… and ${more} more (lanes status --json lists all)`]])]
      : []),
  ];
}

function warningLines(report: StatusReport, draw: Draw): string[] {
  return report.warnings.flatMap((warning) => [
    draw(['  ', riskPart(warning.risk), '  ', ['strong', warning.a], ' ↔ ', ['strong', warning.b]]),
    ...warning.findings.map((finding) =>
      draw([
        '    ',
        `${finding.source}: `,
        finding.paths.length > 0 ? finding.paths.join(', ') : oneLine(finding.detail ?? ''),
      ]),
    ),
  ]);
}

// `status` never finishes them itself: it writes nothing.
function interruptedLines(report: StatusReport, draw: Draw) {
  const lines = report.interrupted.map((landing) => {
    const commit = landing.mergeCommit.slice(0, 12);
    const what = landing.onMain
      ? `${commit} is on main; not marked completed yet`
      : `${commit} never reached main; back to the merge queue`;
    return draw(['  ', ['strong', landing.prdId], ` ${landing.sessionId}: ${what}`]);
  });
  if (lines.length > 0) {
    lines.push(draw(['  ', ['dim', "the next 'lanes release' (of any session) finishes them"]]));
  }
  return lines;
}
