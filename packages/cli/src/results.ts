import type {
  ConflictsWithChange,
  LockStatus,
  PairRisk,
  PathRisk,
  Priority,
  RegistryEntry,
  RiskLevel,
} from '@lanes/core';
import type { PublishOutcome } from '@lanes/git';
import type { CompletedRelease, QueuedRelease, ReleaseOutcome } from '@lanes/release';
import type { StartResult } from '@lanes/start-work';
import type { PathEvidence } from './check/path-evidence.js';

// The JSON results of CLI.md, in one module: commands return them and renderers draw
// them, and both import from here, never from each other.

export type { SessionJson, StatusReport } from '@lanes/core';

export interface AbandonResult {
  prdId: string;
  /** The session whose work it was (the holder), else the one abandoning it. */
  sessionId: string;
  abandonedBy: string;
  archivedTo: string;
  reason: string;
  branch: string;
  /** The branch tip recorded in reason.md (remote tip, else the local one); null when there is none. */
  branchTip: string | null;
  /** No copy of the branch is left, here or on the remote. */
  branchDeleted: boolean;
  localBranchDeleted: boolean;
  remoteBranchDeleted: boolean;
  /** Where this worktree went when it was on the branch. */
  switchedTo: string | null;
  commit: string | null;
}

export interface CheckReport extends Omit<PathEvidence, 'others' | 'shared'> {
  /** The highest risk over the paths. */
  risk: RiskLevel;
  paths: PathRisk[];
}

/** The JSON of `lanes claim` and `lanes resume` (CLI.md: sessionId, prdId, branch, worktree). */

export interface ConflictPair extends PairRisk {
  /** PRDs of the pair whose session is stale: their work exists but nobody moves it. */
  stale: string[];
}

export interface ConflictsReport {
  /** The pairs with some risk, highest first; CLI.md's `{a, b, risk, findings}`. */
  pairs: ConflictPair[];
  /** How many pairs were looked at (pairs without risk are left out of `pairs`). */
  checked: number;
  prd: string | null;
  branches: { compared: number; offline: boolean; problems: string[] };
  /** With --write: the declarations added or raised in the registry (empty: it was up to date). */
  written?: ConflictsWithChange[];
  /** With --write: the commit on the coordination branch, null when nothing changed. */
  commit?: string | null;
}

export interface HeartbeatResult {
  sessionId: string;
  prdId: string;
  /** The time of this ping. */
  heartbeat: string;
  /** `ref`: the session's heartbeat ref; `transaction`: the remote refuses those refs. */
  via: 'ref' | 'transaction';
  currentStory: string | null;
  completedStories: string[];
  /** The coordination commit recording story progress; null when nothing changed. */
  commit: string | null;
}

/**
 * Why init coordinates on the branch it does: `--branch`; what this clone recorded;
 * project.json naming it; the remote's lanes/state existing already; main holding lanes
 * documents already (the seed's layout stays); else the default, lanes/state.
 */
export type BranchReason =
  'flag' | 'recorded' | 'project.json' | 'state-branch' | 'main-has-state' | 'default';

export interface InitResult {
  remote: string;
  branch: string;
  branchReason: BranchReason;
  /** The commit that turned coordination on; null when the remote had everything already. */
  commit: string | null;
  /** The coordination branch did not exist and was created (from main). */
  branchCreated: boolean;
  /** Repository paths written by the commit. */
  written: string[];
  configFile: string;
  /**
   * `agents.mergeQueue.setup` written by this init, proposed from the lockfile at the
   * root (a new section, or an existing one without a setup); null when none was.
   */
  setupProposed: { setup: string; lockfile: string } | null;
  /**
   * `agents.mergeQueue.qualityCheck` written by this init into a new section: package.json's
   * test script (`script`) run by the package manager; null when none was.
   */
  checkProposed: { qualityCheck: string; script: string } | null;
  /** The quality check releases run now (configured or proposed); null: they land untested. */
  qualityCheck: string | null;
  /** This checkout is on the coordination branch and was fast-forwarded to it. */
  checkoutUpdated: boolean;
  hooks: { mode: string; hooksDir: string; changed: string[] } | null;
  /**
   * Files of this checkout that other clones need, not committed yet: the `.husky/` hook
   * files, and package.json with its lock file when they add @lanes/cli (and the tarball in
   * the repository it installs lanes from). Empty after
   * `--commit` committed them.
   */
  toCommit: string[];
  /** The commit `--commit` made on the checked-out branch, with the files in it. */
  committed: { commit: string; branch: string | null; files: string[] } | null;
  notes: string[];
}

export interface PrdAddResult {
  prdId: string;
  title: string;
  status: RegistryEntry['status'];
  file: string;
  priority: Priority;
  dependsOn: string[];
  /** The dependencies not completed yet: until they are, `lanes claim` refuses it. */
  unmetDependencies: string[];
  touches: string[];
  stories: { total: number; completed: number };
  conflictsWith: NonNullable<RegistryEntry['conflictsWith']>;
  commit: string | null;
  /**
   * The given file, when it was an untracked file at the very path lanes registered it
   * at: removed, since the coordination branch holds it now (left there, it would stop
   * the next checkout of a branch that has it).
   */
  removedCopy: string | null;
}

export interface PrdReadyResult {
  prdId: string;
  status: 'ready';
  file: string;
  /** False when it was ready already (nothing committed). */
  changed: boolean;
  /** The dependencies not completed yet: until they are, `lanes claim` refuses it. */
  unmetDependencies: string[];
  commit: string | null;
}

export interface PrimeReport {
  sessionId: string | null;
  /** The PRD this session holds, as `lanes show` gives it; null without a claim. */
  prd: ShowReport | null;
  /** Other sessions that are alive: what they hold and where. */
  others: { sessionId: string; prdId: string; branch: string }[];
  /** Claimable PRD ids, best first (when this session holds none). */
  available: string[];
  /** Why the state could not be read (then only the rules are printed). */
  problem: string | null;
  /** How to read the agent guide: a path in the checkout, a `git show` command, or the shipped file. */
  guide: string;
}

export interface SetupResult {
  runtime: 'claude' | 'codex';
  /** Relative to the worktree's top. */
  file: string;
  action: 'installed' | 'removed';
  /** False when the file already said exactly that. */
  changed: boolean;
  /** What lanes wires up there. */
  hooks: string[];
}

export interface ShownStory {
  id: string;
  title: string;
  priority: number | null;
  completed: boolean;
  current: boolean;
  acceptanceCriteria: string[];
}

export interface ShowReport {
  prdId: string;
  title: string;
  /** The registry's status: draft, ready, in_progress, blocked. */
  status: string;
  file: string;
  branch: string;
  description: string | null;
  /** The session holding it, or null. */
  sessionId: string | null;
  /** The holding session's lock: its status, when it was last seen, whether it is stale; null when unclaimed. */
  holder: { sessionId: string; status: string; lastSeen: string; stale: boolean } | null;
  currentStory: string | null;
  completedStories: string[];
  stories: ShownStory[];
  /** The first story not completed yet (the current one first), or null when all are done. */
  nextStory: string | null;
}

export interface SyncResult {
  prdId: string;
  branch: string;
  /** main's tip the branch now sits on. */
  onto: string;
  /** The branch's tip after the rebase. */
  tip: string;
  /** Whether the rebase moved the branch (false: it already contained main). */
  rebased: boolean;
  push: PublishOutcome;
  /** True when the lock was `blocked` and is `in_progress` again. */
  unblocked: boolean;
}

export interface UnblockResult {
  prdId: string;
  /** The session holding the lock. */
  sessionId: string;
  /** The lock's status now: in_progress, or what it was when it was not blocked. */
  status: LockStatus;
  /** False when the lock was not blocked (nothing committed). */
  changed: boolean;
  commit: string | null;
}

// The packages that act for `claim`, `resume` and `release` define their results; the
// cli's commands and renderers see every result type here.
export type { CompletedRelease, QueuedRelease, ReleaseOutcome, StartResult };
