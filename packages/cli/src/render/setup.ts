import type { SetupResult } from '../results.js';

/** `deleted`: the file itself went (lanes had made it), and its removal is what to commit. */
export function renderSetup(result: SetupResult, deleted = false): string {
  const what = result.runtime === 'claude' ? 'Claude Code hooks' : 'the Codex section';
  if (!result.changed) {
    return `${result.file}: ${what} ${result.action === 'installed' ? 'already in place' : 'not there'}; nothing changed`;
  }
  // The file is the project's: other clones get the change only when it is committed.
  const commit = `commit ${result.file} so that every clone gets it`;
  if (deleted) {
    return `${result.file}: ${what} removed, and the file with them (lanes had made it)\ncommit its removal (git rm --cached ${result.file}) so that every clone gets it`;
  }
  if (result.action === 'removed') return `${result.file}: ${what} removed\n${commit}`;
  return `${result.file}: ${what} written (${result.hooks.join(', ')})\n${commit}`;
}
