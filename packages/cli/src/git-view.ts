import { fastForwardLocalBranch, openWorkspace } from '@lanes/git';
import type { CliContext } from './context.js';
import { MAIN_BRANCH } from '@lanes/core';

/**
 * After a command that moved branches on the remote: local main (and a local copy of a
 * dedicated coordination branch) follow their remote-tracking refs when that is a safe
 * fast-forward, so "rebase onto main" means the main the remote has. The tracking refs
 * themselves are kept by the git package as it fetches and pushes. Never fails the
 * command: what cannot be done safely is left as it is.
 */
export async function keepGitViewTrue(ctx: CliContext): Promise<void> {
  try {
    const ws = await openWorkspace(ctx);
    const branches = new Set([MAIN_BRANCH, ws.coords.branch]);
    for (const branch of branches) await fastForwardLocalBranch(ws.repo, ws.coords.remote, branch);
  } catch {
    // not a repository, no remote: nothing to keep
  }
}
