import { gitFailure } from '../runner.js';
import type { EvidenceGit } from './port.js';

/**
 * Files `tip` changed since it forked from `base` (`git diff base...tip`). Renames
 * count as both paths: a branch that moves a file touches where it was, which a
 * plain name list after rename detection would hide. Throws E_GIT when the two have
 * no common history or a revision is unknown.
 */
export async function changedFiles(git: EvidenceGit, base: string, tip: string): Promise<string[]> {
  const args = ['diff', '--name-only', '--no-renames', '-z', `${base}...${tip}`, '--'];
  const result = await git.run(args);
  if (result.exitCode !== 0) throw gitFailure(args, result);
  return result.stdout.split('\0').filter(Boolean).sort();
}
