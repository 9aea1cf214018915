import type { RiskLevel } from '@lanes/core';
import { line, oneLine, painter, type Paint, type Part } from './layout.js';
import { secondsSince, shortAge, type QueueRow, type SessionRow, type ViewModel } from './model.js';

// `lanes status --watch` as one screen: what fits in the terminal, every line cut to
// its width, the ages counted against the clock of each redraw so they visibly age.

export interface ScreenOptions {
  now: Date;
  width: number;
  height: number;
  color: boolean;
  /** Why the last read of the remote failed, when it did (the screen shows the one before). */
  problem?: string;
}

const BAR = 10;

export function renderScreen(model: ViewModel, options: ScreenOptions): string[] {
  const paint = painter(options.color);
  const draw = (parts: readonly Part[]) => line(parts, paint, options.width);
  const { now } = options;
  const read = secondsSince(model.readAt, now);
  const body: string[] = [
    draw([
      ['heading', 'lanes'],
      ` · ${model.source} · `,
      counts(model),
      ['dim', ` · read ${shortAge(read)} ago · q quits`],
    ]),
  ];
  if (model.offline) body.push(draw([['warn', 'offline: the last fetched state']]));
  if (options.problem !== undefined) {
    body.push(draw([['bad', 'remote: '], oneLine(options.problem)]));
  }
  body.push(...block('SESSIONS', sessionLines(model, now, draw), draw, 'no active sessions'));
  const queueWidth = Math.max(0, ...model.queue.map((row) => row.prdId.length));
  body.push(
    ...block(
      'MERGE QUEUE',
      model.queue.map((row) => queueLine(row, now, draw, queueWidth)),
      draw,
    ),
  );
  body.push(...block('CONFLICTS', conflictLines(model, draw), draw));
  body.push(...block('AVAILABLE', availableLines(model, draw), draw));
  body.push(...block('RECENT', recentLines(model, draw), draw));
  return fit(body, options.height, paint, options.width);
}

function counts(model: ViewModel): string {
  const { sessions, stale, blocked, queued, available } = model.counts;
  const parts = [`${sessions} session${sessions === 1 ? '' : 's'}`];
  if (stale > 0) parts.push(`${stale} stale`);
  if (blocked > 0) parts.push(`${blocked} blocked`);
  parts.push(`${queued} queued`, `${available} available`);
  return parts.join(', ');
}

type Draw = (parts: readonly Part[]) => string;

function block(title: string, lines: string[], draw: Draw, empty?: string): string[] {
  if (lines.length === 0 && empty === undefined) return [];
  return [
    '',
    draw([['heading', title]]),
    ...(lines.length > 0 ? lines : [draw(['  ', ['dim', empty!]])]),
  ];
}

/** Lines beyond the terminal's height give way to a count of what is hidden. */
function fit(lines: string[], height: number, paint: Paint, width: number): string[] {
  if (lines.length <= height) return lines;
  const kept = lines.slice(0, Math.max(0, height - 1));
  const hidden = lines.length - kept.length;
  return [
    ...kept,
    line([['dim', `… ${hidden} more lines: enlarge the terminal, or lanes status`]], paint, width),
  ];
}

function sessionLines(model: ViewModel, now: Date, draw: Draw): string[] {
  const width = Math.max(...model.sessions.map((s) => s.prdId.length), 0);
  return model.sessions.map((session) => sessionLine(session, now, draw, width));
}

function sessionLine(session: SessionRow, now: Date, draw: Draw, prdWidth: number): string {
  const mark: Part = session.stale
    ? ['warn', '!']
    : session.state === 'blocked'
      ? ['bad', '✗']
      : ['good', '●'];
  const seen = `${shortAge(secondsSince(session.lastSeen, now))} ago`;
  const parts: Part[] = [
    '  ',
    mark,
    ' ',
    ['strong', session.prdId.padEnd(prdWidth)],
    '  ',
    progressBar(session.stories),
    ' ',
    storyText(session.stories).padEnd(13),
    session.stale ? ['warn', `stale, seen ${seen}`.padEnd(22)] : `seen ${seen}`.padEnd(22),
    stateText(session),
    session.sessionId,
    ...(session.who ? [' ', ['dim', session.who] as Part] : []),
  ];
  return draw(parts);
}

function stateText(session: SessionRow): Part {
  if (session.state === 'blocked') return ['bad', 'blocked  '];
  if (session.state === 'merging') return ['good', 'merging  '];
  if (session.state === 'queued') return 'queued   ';
  return '';
}

/** `[████░░░░░░]` stories done of total; dots when the total is unknown. */
export function progressBar(stories: SessionRow['stories']): string {
  if (stories.total === null || stories.total === 0) return `[${'·'.repeat(BAR)}]`;
  const filled = Math.round((Math.min(stories.done, stories.total) / stories.total) * BAR);
  return `[${'█'.repeat(filled)}${'░'.repeat(BAR - filled)}]`;
}

function storyText(stories: SessionRow['stories']): string {
  const done = stories.total === null ? `${stories.done} done` : `${stories.done}/${stories.total}`;
  return stories.current === null ? done : `${done} ${stories.current}`;
}

function queueLine(row: QueueRow, now: Date, draw: Draw, prdWidth: number): string {
  const parts: Part[] = [`  ${row.position}. `, ['strong', row.prdId.padEnd(prdWidth)], '  '];
  if (row.status === 'merging') {
    parts.push(['good', 'merging']);
    if (row.stage !== null) {
      parts.push(` · ${oneLine(row.stage)} for ${shortAge(secondsSince(row.stageStartedAt, now))}`);
    }
  } else {
    parts.push(`queued ${shortAge(secondsSince(row.queuedAt, now))}`);
  }
  parts.push('  ', row.sessionId);
  if (row.who) parts.push(' ', ['dim', row.who]);
  if (row.stale) parts.push('  ', ['warn', 'stale: skipped until resumed']);
  return draw(parts);
}

function riskPart(risk: RiskLevel): Part {
  if (risk === 'high') return ['bad', 'high  '];
  if (risk === 'medium') return ['warn', 'medium'];
  return ['dim', `${risk}   `.slice(0, 6)];
}

function conflictLines(model: ViewModel, draw: Draw): string[] {
  return model.conflicts.pairs.map((pair) => {
    const evidence = pair.findings
      .map(
        (f) => `${f.source}: ${f.paths.length > 0 ? f.paths.join(', ') : oneLine(f.detail ?? '')}`,
      )
      .join('; ');
    return draw([
      '  ',
      riskPart(pair.risk),
      ' ',
      ['strong', pair.a],
      ' ↔ ',
      ['strong', pair.b],
      '  ',
      evidence,
    ]);
  });
}

function availableLines(model: ViewModel, draw: Draw): string[] {
  return [
    ...model.available.map((prd) =>
      draw([
        '  ',
        ['strong', prd.id],
        `  ${prd.priority}`,
        prd.risk === 'none' ? '' : `  risk ${prd.risk}`,
        '  ',
        ['dim', oneLine(prd.title)],
      ]),
    ),
    ...model.waiting.map((prd) =>
      draw(['  ', ['dim', prd.id], ['dim', `  waits for ${prd.unmetDependencies.join(', ')}`]]),
    ),
  ];
}

function recentLines(model: ViewModel, draw: Draw): string[] {
  return model.recent.map((row) =>
    draw([
      '  ',
      row.kind === 'completed' ? ['good', '✓ '] : ['warn', '✗ '],
      ['strong', row.id],
      `  ${row.at.slice(0, 16).replace('T', ' ')}  `,
      row.kind === 'completed' ? ['dim', oneLine(row.title)] : ['dim', oneLine(row.reason ?? '')],
    ]),
  );
}
