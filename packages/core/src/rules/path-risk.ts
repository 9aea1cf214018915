import type { RiskLevel } from '../types.js';
import { pathMatchesAny } from './glob-overlap.js';
import { compareRisk, maxRisk } from './risk-level.js';

// `lanes check <path>`: would editing a file collide with another live session? The
// answer per path and per holder, from three kinds of evidence about each other session:
//
// | the other session…                                       | source     | risk   |
// | -------------------------------------------------------- | ---------- | ------ |
// | changes the file on its pushed branch (since main)       | `branch`   | high   |
// | changes it in its worktree here (unpushed commit, dirty) | `worktree` | high   |
// | declares it in its PRD's `touches` globs                 | `touches`  | medium |
// | any of the above, the path being in `coordination.shared`| (same)     | low    |
//
// A real change of the same file is where edits collide; a declaration only says they
// may. Shared paths (lock files, shared types) are expected to be edited by many, so
// they only ever warn.

export type PathHolderSource = 'branch' | 'worktree' | 'touches';

/** What is known about one other live session. */
export interface SessionPathEvidence {
  sessionId: string;
  prdId: string;
  /** The `touches` globs of its PRD. */
  touches: readonly string[];
  /** Files its pushed branch changed since it forked from main. */
  branchFiles: readonly string[];
  /** Files its worktree on this machine changed and has not pushed (commits or dirty). */
  worktreeFiles: readonly string[];
}

export interface PathHolder {
  sessionId: string;
  prdId: string;
  source: PathHolderSource;
  risk: Exclude<RiskLevel, 'none'>;
}

export interface PathRisk {
  /** Relative to the repository root, `/`-separated. */
  path: string;
  risk: RiskLevel;
  /** Highest risk first; one entry per session and source. */
  holders: PathHolder[];
}

function holdersOf(path: string, session: SessionPathEvidence, shared: boolean): PathHolder[] {
  const found: [PathHolderSource, boolean][] = [
    ['branch', session.branchFiles.includes(path)],
    ['worktree', session.worktreeFiles.includes(path)],
    ['touches', pathMatchesAny(path, session.touches)],
  ];
  return found
    .filter(([, matches]) => matches)
    .map(([source]) => ({
      sessionId: session.sessionId,
      prdId: session.prdId,
      source,
      risk: shared ? 'low' : source === 'touches' ? 'medium' : 'high',
    }));
}

/** The risk of editing each path, given the other live sessions (never this one). */
export function pathRisks(
  paths: readonly string[],
  others: readonly SessionPathEvidence[],
  sharedGlobs: readonly string[],
): PathRisk[] {
  return paths.map((path) => {
    const shared = pathMatchesAny(path, sharedGlobs);
    const holders = others
      .flatMap((session) => holdersOf(path, session, shared))
      .sort((x, y) => compareRisk(y.risk, x.risk) || x.sessionId.localeCompare(y.sessionId));
    return { path, risk: maxRisk(...holders.map((holder) => holder.risk)), holders };
  });
}

/** The highest risk over every path checked. */
export function highestPathRisk(risks: readonly PathRisk[]): RiskLevel {
  return maxRisk(...risks.map((risk) => risk.risk));
}
