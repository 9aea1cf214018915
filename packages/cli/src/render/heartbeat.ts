import { line, painter } from '@lanes/views';
import type { HeartbeatResult } from '../results.js';

export function renderHeartbeat(result: HeartbeatResult, options: { color: boolean }): string {
  const paint = painter(options.color);
  const story = result.currentStory === null ? 'no current story' : `on ${result.currentStory}`;
  const done =
    result.completedStories.length === 0
      ? 'none done yet'
      : `done: ${result.completedStories.join(', ')}`;
  const recorded = result.commit === null ? '' : ' (progress recorded)';
  return [
    line([['heading', `heartbeat ${result.sessionId}`], ` for ${result.prdId}`], paint),
    line([`  ${story} · ${done}${recorded}`], paint),
  ].join('\n');
}
