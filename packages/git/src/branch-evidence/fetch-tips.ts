import { isLanesError } from '@lanes/core';
import { assertBranchName } from '../refs.js';
import { fetchRefs } from '../remote-ops.js';
import { remoteSettings } from '../remote-settings.js';
import type { Repository } from '../repository.js';
import { fetchedBranchRef } from '../workspace/remote-branch.js';
import type { EvidenceGit } from './port.js';
import { resolveCommits } from './resolve-commits.js';

export interface FetchTipsOptions {
  /** Use the last fetched tips without asking the remote. */
  offline?: boolean;
}

export interface BranchTips {
  /** Branch name → commit of its tip (fetched now, or last fetched when offline). */
  tips: Map<string, string>;
  /** Asked-for branches the remote does not have (never pushed, or deleted). Empty when offline. */
  absent: string[];
  /** True when the remote was not asked or could not be reached. */
  offline: boolean;
  /** Why the remote could not be used. */
  problem?: string;
}

/** The kept tips of these branches (branch → commit), read in one process. */
async function readKept(
  git: EvidenceGit,
  branches: readonly string[],
  refFor: (branch: string) => string,
): Promise<Map<string, string>> {
  const tips = new Map<string, string>();
  if (branches.length === 0) return tips;
  const byRef = new Map(branches.map((branch) => [refFor(branch), branch]));
  const result = await git.run([
    'for-each-ref',
    '--format=%(objectname) %(refname)',
    ...byRef.keys(),
  ]);
  if (result.exitCode !== 0) return tips;
  for (const line of result.stdout.split('\n')) {
    const space = line.indexOf(' ');
    const branch = byRef.get(line.slice(space + 1));
    if (space > 0 && branch !== undefined) tips.set(branch, line.slice(0, space));
  }
  return tips;
}

/**
 * The current tips of some branches of `remote`, kept under the private refs of
 * `fetchBranchTip` so that their objects stay here and a later
 * offline run can use them: one `ls-remote`, then one fetch of the tips that are not
 * here yet, and an update of the private refs that moved. A remote that cannot be reached
 * within the port's remote timeout gives the last fetched tips, marked offline.
 */
export async function fetchBranchTips(
  repo: Repository,
  remote: string,
  branches: readonly string[],
  options: FetchTipsOptions = {},
): Promise<BranchTips> {
  const { git } = repo;
  const wanted = [...new Set(branches)];
  wanted.forEach(assertBranchName);
  const refFor = (branch: string) => fetchedBranchRef(remote, branch);
  const lastFetched = async (problem?: string): Promise<BranchTips> => ({
    tips: await readKept(git, wanted, refFor),
    absent: [],
    offline: true,
    ...(problem === undefined ? {} : { problem }),
  });
  if (wanted.length === 0)
    return { tips: new Map(), absent: [], offline: options.offline === true };
  if (options.offline) return lastFetched();

  const { env } = await remoteSettings(repo, remote);
  const listed = await git.run(
    ['ls-remote', '--heads', remote, ...wanted.map((branch) => `refs/heads/${branch}`)],
    { env, timeoutMs: git.remoteTimeoutMs },
  );
  if (listed.exitCode !== 0) {
    const why = listed.timedOut
      ? `no answer in ${git.remoteTimeoutMs} ms`
      : (listed.stderr.trim().split('\n').filter(Boolean).pop() ?? 'ls-remote failed');
    return lastFetched(`cannot reach ${remote}: ${why}`);
  }
  const remoteTips = new Map<string, string>();
  for (const line of listed.stdout.split('\n')) {
    const [sha, ref] = line.split('\t');
    if (sha && ref?.startsWith('refs/heads/')) remoteTips.set(ref.slice('refs/heads/'.length), sha);
  }
  const present = wanted.filter((branch) => remoteTips.has(branch));
  const absent = wanted.filter((branch) => !remoteTips.has(branch));
  const [kept, local] = await Promise.all([
    readKept(git, wanted, refFor),
    resolveCommits(git, [...remoteTips.values()]),
  ]);
  // Only tips whose objects are not here yet are fetched (into their private refs).
  const missing = present.filter(
    (branch) => local.get(remoteTips.get(branch) as string) === undefined,
  );
  if (missing.length > 0) {
    try {
      const outcome = await fetchRefs(
        repo,
        remote,
        missing.map((branch) => `+refs/heads/${branch}:${refFor(branch)}`),
      );
      if (outcome === 'missing')
        return lastFetched(`a branch of ${remote} vanished while fetching`);
    } catch (error) {
      if (!isLanesError(error)) throw error;
      return lastFetched(error.message);
    }
  }
  // The private refs follow the remote, so that an offline run never uses a deleted
  // branch or an old tip; refs that are right already are not rewritten.
  const updates = [
    ...absent.filter((branch) => kept.has(branch)).map((branch) => `delete ${refFor(branch)}\n`),
    ...present
      .filter((branch) => !missing.includes(branch) && kept.get(branch) !== remoteTips.get(branch))
      .map((branch) => `update ${refFor(branch)} ${remoteTips.get(branch) as string}\n`),
  ];
  // Recording is for later offline runs only: a failure here changes nothing now.
  if (updates.length > 0) await git.run(['update-ref', '--stdin'], { input: updates.join('') });
  const tips = new Map(present.map((branch) => [branch, remoteTips.get(branch) as string]));
  // A fetched branch may have moved since ls-remote: its tip is what the fetch brought.
  for (const [branch, sha] of await readKept(git, missing, refFor)) tips.set(branch, sha);
  return { tips, absent, offline: false };
}
