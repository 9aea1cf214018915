import type { RiskLevel } from '@lanes/core';
import type { StatusReport } from '../results.js';
import { cell, line, oneLine, painter, section, table, WIDTH, type Part } from './layout.js';
import { secondsSince, shortAge } from '../views/model.js';
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

  const out: string[] = [
    draw([['heading', 'lanes status'], ` · ${report.source}`]),
    ...(report.offline ? [draw([['warn', 'offline: showing the last fetched state']])] : []),
  ];
  if (report.sessions.length === 0) out.push('', 'no active sessions');
  out.push(
    ...section(
      'ACTIVE',
      active.length,
      active.flatMap((s) => sessionLines(s, paint, width)),
      paint,
    ),
  );
  const staleBody = stale.flatMap((s) => sessionLines(s, paint, width));
  if (staleBody.length > 0) {
    staleBody.push(draw(['  ', ['dim', "run 'lanes stale' for the choices: resume or abandon"]]));
  }
  out.push(...section('STALE', stale.length, staleBody, paint));
  out.push(
    ...section(
      'BLOCKED',
      blocked.length,
      blocked.flatMap((s) => sessionLines(s, paint, width)),
      paint,
    ),
  );
  out.push(
    ...section(
      'MERGE QUEUE',
      report.mergeQueue.length,
      mergeQueueLines(report, rows, options.now ?? new Date()),
      paint,
    ),
  );
  out.push(...section('AVAILABLE', report.available.length, availableLines(report, rows), paint));
  out.push(...section('WAITING', report.waiting.length, waitingLines(report, rows), paint));
  out.push(
    ...section(
      'DRAFTS',
      report.drafts.length,
      rows(
        report.drafts.map(
          (d) => [['strong', d.id], d.priority, ['dim', oneLine(d.title)]] as Part[],
        ),
      ),
      paint,
    ),
  );
  out.push(
    ...section('COMPLETED', report.completed.length, completedLines(report, rows, draw), paint),
  );
  out.push(
    ...section('ABANDONED', report.abandoned.length, abandonedLines(report, rows, draw), paint),
  );
  out.push(
    ...section('CONFLICT WARNINGS', report.warnings.length, warningLines(report, draw), paint),
  );
  out.push(
    ...section(
      'INTERRUPTED LANDINGS',
      report.interrupted.length,
      interruptedLines(report, draw),
      paint,
    ),
  );
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

function completedLines(report: StatusReport, rows: Rows, draw: Draw): string[] {
  const shown = report.completed.slice(0, RECENT);
  return [
    ...rows(
      shown.map((entry) => [
        ['strong', entry.id],
        entry.completedAt.slice(0, 10),
        ['dim', oneLine(entry.title)],
      ]),
    ),
    ...more(report.completed.length - shown.length, draw),
  ];
}

function abandonedLines(report: StatusReport, rows: Rows, draw: Draw): string[] {
  const shown = report.abandoned.slice(0, RECENT);
  return [
    ...rows(
      shown.map((entry) => [
        ['strong', entry.id],
        entry.abandonedAt.slice(0, 10),
        oneLine(entry.reason),
      ]),
    ),
    ...more(report.abandoned.length - shown.length, draw),
  ];
}

function more(count: number, draw: Draw): string[] {
  return count > 0
    ? [draw(['  ', ['dim', `… and ${count} more (lanes status --json lists all)`]])]
    : [];
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
function interruptedLines(report: StatusReport, draw: (parts: readonly Part[]) => string) {
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
