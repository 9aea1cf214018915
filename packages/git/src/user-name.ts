import type { Repository } from './repository.js';

/**
 * Who this clone commits as: the name of git's author identity (user.name, or
 * GIT_AUTHOR_NAME), for the lock a claim writes so `lanes status` can say who a
 * session is. Undefined when git has no identity to give.
 */
export async function readUserName(repo: Repository): Promise<string | undefined> {
  const result = await repo.git.run(['var', 'GIT_AUTHOR_IDENT']);
  if (result.exitCode !== 0) return undefined;
  const name = result.stdout.replace(/\s*<.*$/s, '').trim();
  return name === '' ? undefined : name;
}
