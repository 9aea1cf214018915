import type { ClaimWarning } from '@lanes/core';

/** The JSON result of `lanes claim` and `lanes resume` (CLI.md). */
export interface StartResult {
  sessionId: string;
  prdId: string;
  branch: string;
  /** Absolute path of the worktree that holds the claim. */
  worktree: string;
  /** Where the branch started: `main`, `<remote>/<branch>`, or the local branch. */
  startedFrom: string;
  /** The coordination commit of the claim. */
  commit: string | null;
  /** Conflict risk with active work (a high one only with --force). */
  warnings: ClaimWarning[];
  /** resume: the session the claim was taken from. */
  previousHolder?: string;
}
