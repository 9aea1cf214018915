import { line, oneLine, painter, type Part } from '@lanes/views';
import type { AbandonResult } from '../results.js';

// What `lanes abandon` did, in a few lines: the archive, whose work it was, and what
// happened to the branch (with the tip sha, so the work can be found again).

export function renderAbandon(result: AbandonResult, options: { color: boolean }): string {
  const paint = painter(options.color);
  const who =
    result.sessionId === result.abandonedBy
      ? `by ${result.sessionId}`
      : `work of ${result.sessionId}, by ${result.abandonedBy}`;
  const branch: Part[] =
    result.branchTip === null
      ? ['  branch ', ['strong', result.branch], ': none was ever created']
      : [
          '  branch ',
          ['strong', result.branch],
          ` (tip ${result.branchTip.slice(0, 12)}): `,
          branchFate(result),
        ];
  return [
    line([['heading', `abandoned ${result.prdId}`], `: archived to ${result.archivedTo}`], paint),
    line([`  ${who} · reason: `, oneLine(result.reason)], paint),
    line(branch, paint),
    ...(result.switchedTo === null
      ? []
      : [line([`  this worktree is now on ${result.switchedTo}`], paint)]),
  ].join('\n');
}

function branchFate(result: AbandonResult): Part {
  if (result.branchDeleted) {
    if (result.localBranchDeleted && result.remoteBranchDeleted)
      return 'deleted here and on the remote';
    if (result.localBranchDeleted) return 'deleted here (it was never pushed)';
    return 'deleted on the remote';
  }
  if (result.localBranchDeleted) return ['warn', 'deleted here, still on the remote'];
  if (result.remoteBranchDeleted) return ['warn', 'deleted on the remote, kept here'];
  return 'kept';
}
