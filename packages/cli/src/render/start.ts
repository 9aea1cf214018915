import { line, painter } from '@lanes/views';
import type { StartResult } from '../results.js';

// What `lanes claim` and `lanes resume` did: the session, the branch and where to
// work, and the risk warnings.

export function renderStarted(
  verb: 'claimed' | 'resumed',
  result: StartResult,
  options: { color: boolean },
): string {
  const paint = painter(options.color);
  const from =
    result.previousHolder === undefined || result.previousHolder === result.sessionId
      ? ''
      : ` from ${result.previousHolder}`;
  const lines = [
    line([['heading', `${verb} ${result.prdId}`], ` as ${result.sessionId}${from}`], paint),
    line(['  branch ', ['strong', result.branch], ` (from ${result.startedFrom})`], paint),
    // A path is never cut: it is meant to be copied.
    `  worktree ${result.worktree}`,
  ];
  for (const warning of result.warnings) {
    lines.push(line(['  ', [warning.risk === 'high' ? 'bad' : 'warn', warning.message]], paint));
  }
  lines.push(
    line(['next: work story by story; ', ['strong', 'lanes heartbeat --story US-xxx']], paint),
  );
  return lines.join('\n');
}
