import { gitFailure } from '../runner.js';
import type { EvidenceGit } from './port.js';

/**
 * The commit each revision names, or undefined when it names none, in one
 * `cat-file --batch-check` process. merge-tree reports an unknown revision like a
 * conflict, so every revision is checked here first.
 */
export async function resolveCommits(
  git: EvidenceGit,
  revisions: readonly string[],
): Promise<Map<string, string | undefined>> {
  const resolved = new Map<string, string | undefined>();
  const unique = [...new Set(revisions)];
  if (unique.length === 0) return resolved;
  // A revision with a newline or a leading dash could change the batch's meaning.
  const askable = unique.filter((rev) => rev !== '' && !/[\n\r\0]/.test(rev));
  for (const rev of unique) resolved.set(rev, undefined);
  if (askable.length === 0) return resolved;
  const args = ['cat-file', '--batch-check=%(objectname) %(objecttype)'];
  const result = await git.run(args, { input: askable.map((rev) => `${rev}^{commit}\n`).join('') });
  if (result.exitCode !== 0) throw gitFailure(args, result);
  const lines = result.stdout.split('\n');
  askable.forEach((rev, index) => {
    const match = /^([0-9a-f]{40,64}) commit$/.exec(lines[index] ?? '');
    resolved.set(rev, match?.[1]);
  });
  return resolved;
}
