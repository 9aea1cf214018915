import type { SetupResult } from '../results.js';

export function renderSetup(result: SetupResult): string {
  const what = result.runtime === 'claude' ? 'Claude Code hooks' : 'the Codex section';
  if (!result.changed) {
    return `${result.file}: ${what} ${result.action === 'installed' ? 'already in place' : 'not there'}; nothing changed`;
  }
  if (result.action === 'removed') return `${result.file}: ${what} removed`;
  return `${result.file}: ${what} written (${result.hooks.join(', ')})`;
}
