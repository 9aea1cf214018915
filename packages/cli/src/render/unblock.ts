import { line, painter } from '@lanes/views';
import type { UnblockResult } from '../results.js';

export function renderUnblock(result: UnblockResult, options: { color: boolean }): string {
  const paint = painter(options.color);
  return result.changed
    ? line(
        [['heading', `unblocked ${result.prdId}`], ` (${result.sessionId}): in_progress again`],
        paint,
      )
    : line([`${result.prdId} was not blocked (${result.status}): nothing to commit`], paint);
}
