import type { SessionJson } from '../results.js';
import { line, painter, type Paint } from '@lanes/views';
import { sessionLines } from './sessions.js';

// `lanes stale`: each stale session, how long it has been quiet, and what can be done
// about it. Nothing is decided here; the user picks one of the choices.

export function renderStale(
  sessions: readonly SessionJson[],
  options: { color: boolean; timeoutMinutes: number },
): string {
  const paint = painter(options.color);
  const limit = `${options.timeoutMinutes} minute${options.timeoutMinutes === 1 ? '' : 's'}`;
  if (sessions.length === 0) {
    return `no stale sessions: every session was seen within the last ${limit}`;
  }
  const count = `${sessions.length} stale session${sessions.length === 1 ? '' : 's'}`;
  const out = [line([['heading', count], ` (not seen for more than ${limit})`], paint)];
  for (const session of sessions)
    out.push('', ...sessionLines(session, paint), ...choices(session, paint));
  return out.join('\n');
}

function choices(session: SessionJson, paint: Paint): string[] {
  return [
    line(['    resume:  ', ['strong', `lanes resume ${session.prdId}`]], paint),
    line(['    abandon: ', ['strong', `lanes abandon ${session.prdId} --reason "…"`]], paint),
    line(
      ['    skip:    ', ['dim', 'do nothing; it stays stale until its session pings again']],
      paint,
    ),
  ];
}
