import type { RiskLevel } from '@lanes/core';
import type { StatusReport } from '../status-report.js';
import { cell, line, oneLine, painter, section, table, type Paint, type Part } from './layout.js';
import { sessionLines } from './sessions.js';

// `lanes status` as text: one section per kind of work, empty sections left out,
// every line within 80 columns.

/** How many completed and abandoned PRDs the text shows (JSON has them all). */
export const RECENT = 5;

export interface StatusTextOptions {
  color: boolean;
  /** Why branch-based conflict analysis was skipped, if it was. */
  riskProblem?: string;
}

export function renderStatus(report: StatusReport, options: StatusTextOptions): string {
  const paint = painter(options.color);
  const live = report.sessions.filter((s) => !s.stale);
  const active = live.filter((s) => s.status !== 'blocked');
  const blocked = live.filter((s) => s.status === 'blocked');
  const stale = report.sessions.filter((s) => s.stale);

  const out: string[] = [
    line([['heading', 'lanes status'], ` · ${report.source}`], paint),
    ...(report.offline ? [line([['warn', 'offline: showing the last fetched state']], paint)] : []),
  ];
  if (report.sessions.length === 0) out.push('', 'no active sessions');
  out.push(
    ...section(
      'ACTIVE',
      active.length,
      active.flatMap((s) => sessionLines(s, paint)),
      paint,
    ),
  );
  const staleBody = stale.flatMap((s) => sessionLines(s, paint));
  if (staleBody.length > 0) {
    staleBody.push(
      line(['  ', ['dim', "run 'lanes stale' for the choices: resume or abandon"]], paint),
    );
  }
  out.push(...section('STALE', stale.length, staleBody, paint));
  out.push(
    ...section(
      'BLOCKED',
      blocked.length,
      blocked.flatMap((s) => sessionLines(s, paint)),
      paint,
    ),
  );
  out.push(
    ...section('MERGE QUEUE', report.mergeQueue.length, mergeQueueLines(report, paint), paint),
  );
  out.push(...section('AVAILABLE', report.available.length, availableLines(report, paint), paint));
  out.push(...section('WAITING', report.waiting.length, waitingLines(report, paint), paint));
  out.push(
    ...section(
      'DRAFTS',
      report.drafts.length,
      table(
        report.drafts.map(
          (d) => [['strong', d.id], d.priority, ['dim', oneLine(d.title)]] as Part[],
        ),
        paint,
      ),
      paint,
    ),
  );
  out.push(...section('COMPLETED', report.completed.length, completedLines(report, paint), paint));
  out.push(...section('ABANDONED', report.abandoned.length, abandonedLines(report, paint), paint));
  out.push(
    ...section('CONFLICT WARNINGS', report.warnings.length, warningLines(report, paint), paint),
  );
  if (options.riskProblem !== undefined && report.warnings.length + report.sessions.length > 0) {
    out.push('', line([['dim', `branches not compared: ${oneLine(options.riskProblem)}`]], paint));
  }
  if (
    report.sessions.length === 0 &&
    report.available.length + report.waiting.length + report.drafts.length === 0
  ) {
    out.push(
      '',
      line(['no PRDs to work on: ', ['strong', "'lanes prd add <file>'"], ' registers one'], paint),
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

function mergeQueueLines(report: StatusReport, paint: Paint): string[] {
  return table(
    report.mergeQueue.map((entry) => [
      `${entry.position}.`,
      ['strong', entry.prdId],
      entry.sessionId,
      entry.status === 'merging' ? ['good', 'merging now'] : 'queued',
      entry.stale ? ['warn', 'stale: skipped until resumed'] : '',
    ]),
    paint,
  );
}

function availableLines(report: StatusReport, paint: Paint): string[] {
  return table(
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
    paint,
  );
}

function waitingLines(report: StatusReport, paint: Paint): string[] {
  return table(
    report.waiting.map((entry) => [
      ['strong', entry.id],
      `needs ${entry.unmetDependencies.join(', ')}`,
    ]),
    paint,
  );
}

function completedLines(report: StatusReport, paint: Paint): string[] {
  const shown = report.completed.slice(0, RECENT);
  const rows = table(
    shown.map((entry) => [
      ['strong', entry.id],
      entry.completedAt.slice(0, 10),
      ['dim', oneLine(entry.title)],
    ]),
    paint,
  );
  return [...rows, ...more(report.completed.length - shown.length, paint)];
}

function abandonedLines(report: StatusReport, paint: Paint): string[] {
  const shown = report.abandoned.slice(0, RECENT);
  const rows = table(
    shown.map((entry) => [
      ['strong', entry.id],
      entry.abandonedAt.slice(0, 10),
      oneLine(entry.reason),
    ]),
    paint,
  );
  return [...rows, ...more(report.abandoned.length - shown.length, paint)];
}

function more(count: number, paint: Paint): string[] {
  return count > 0
    ? [line(['  ', ['dim', `… and ${count} more (lanes status --json lists all)`]], paint)]
    : [];
}

function warningLines(report: StatusReport, paint: Paint): string[] {
  return report.warnings.flatMap((warning) => [
    line(
      ['  ', riskPart(warning.risk), '  ', ['strong', warning.a], ' ↔ ', ['strong', warning.b]],
      paint,
    ),
    ...warning.findings.map((finding) =>
      line(
        [
          '    ',
          `${finding.source}: `,
          finding.paths.length > 0 ? finding.paths.join(', ') : oneLine(finding.detail ?? ''),
        ],
        paint,
      ),
    ),
  ]);
}
