// The documents of FORMATS.md as plain TypeScript values. Every rule in core takes
// and returns these; nothing here does I/O.

export type Priority = 'critical' | 'high' | 'medium' | 'low';
export type PrdStatus = 'draft' | 'ready' | 'in_progress' | 'blocked';
export type LockStatus = 'in_progress' | 'blocked' | 'queued' | 'merging';
export type RiskLevel = 'none' | 'low' | 'medium' | 'high';
export type PrePushMode = 'block' | 'warn' | 'off';
export type MergeStrategy = 'merge' | 'squash' | 'rebase';

/** `agents` section of project.json, with every default filled in. */
export interface LanesConfig {
  multiSession: boolean;
  heartbeatTimeoutMinutes: number;
  coordination: {
    remote: string;
    branch: string;
    heartbeatIntervalSeconds: number;
    prePush: PrePushMode;
    shared: string[];
  };
  mergeQueue: {
    strategy: MergeStrategy;
    /** Run in the release worktree before the check (e.g. an offline install). */
    setup?: string;
    qualityCheck?: string;
    qualityFix?: string;
    /** Most check runs per landing, retries and checks after a fix included. */
    attempts: number;
    /** A failing check runs once more on the same tree before any fix. */
    retryFlaky: boolean;
    /** Most PRDs one slot holder tests together and lands in one push (1: one at a time). */
    batchSize: number;
    deleteOnComplete: boolean;
  };
}

export interface SessionLock {
  sessionId: string;
  prdId: string;
  prdFile: string;
  branch: string;
  claimedAt: string;
  heartbeat: string;
  /** null on a fresh claim, as the seed writes it. */
  currentStory?: string | null;
  completedStories?: string[];
  status: LockStatus;
  host?: string;
  /** The claiming clone's git user.name (informational). */
  user?: string;
  worktree?: string;
  blockedReason?: string;
  queuedAt?: string;
  /** `high`: released with `--priority high` or a `critical` PRD; ahead of the others in the queue. */
  priority?: 'high';
  /** While merging in another session's batch: that session (the slot holder). */
  mergedBy?: string;
  /** Set by the merge queue when it blocks: the error code and the last lines of the output. */
  blockedCode?: string;
  blockedOutput?: string[];
  mergeCommit?: string;
}

export interface SessionLocksDocument {
  sessions: SessionLock[];
}

export interface ConflictDeclaration {
  prdId: string;
  risk: Exclude<RiskLevel, 'none'>;
  sharedPaths?: string[];
}

export interface RegistryEntry {
  id: string;
  title: string;
  status: PrdStatus;
  priority?: Priority;
  file: string;
  branchName?: string;
  dependsOn?: string[];
  touches?: string[];
  conflictsWith?: ConflictDeclaration[];
  stories?: { total: number; completed: number };
  currentStory?: string;
  blockedReason?: string;
}

export interface CompletedEntry {
  id: string;
  title: string;
  completedAt: string;
  archivedTo: string;
  mergeCommit?: string;
  sessionId?: string;
  /** The session that tested and landed it, when it landed in another session's batch. */
  landedBy?: string;
  /** The PRDs that landed in the same push (in order), when more than one. */
  batch?: string[];
  /** The story progress recorded when it landed. */
  stories?: { total: number; completed: number };
}

export interface AbandonedEntry {
  id: string;
  title: string;
  abandonedAt: string;
  archivedTo: string;
  reason: string;
  sessionId?: string;
}

export interface PrdRegistryDocument {
  version: string;
  prds: RegistryEntry[];
  completed: CompletedEntry[];
  abandoned: AbandonedEntry[];
}

export interface UserStory {
  id: string;
  title: string;
  description?: string;
  acceptanceCriteria?: string[];
  priority?: number;
  passes?: boolean;
  notes?: string;
  [extra: string]: unknown;
}

export interface PrdFile {
  id?: string;
  project?: string;
  title: string;
  branchName?: string;
  description?: string;
  dependsOn?: string[];
  touches?: string[];
  userStories: UserStory[];
  [extra: string]: unknown;
}

/**
 * One problem found in the documents. `pointer` is a JSON pointer into `file`
 * ("" for the whole file); parse errors carry `line` and `column` (1-based).
 */
export interface Diagnostic {
  file: string;
  pointer: string;
  code: string;
  message: string;
  line?: number;
  column?: number;
}

/**
 * The lanes documents as raw text, keyed by repository path, exactly as read from a
 * commit or the working tree. `paths`, when known, lists every file under `docs/`
 * plus project.json, so existence invariants (`file`, `archivedTo`, `prdFile`) can be
 * checked without reading archived PRDs.
 */
export interface RawDocuments {
  files: Record<string, string>;
  paths?: readonly string[];
}

/** The parsed coordination state at one commit. */
export interface CoordinationState {
  config: LanesConfig;
  /** Where the config came from: `project.json`, `docs/project.json`, or undefined (defaults). */
  configFile?: string;
  /** The whole parsed project.json, so a change can rewrite `agents` and keep the rest. */
  projectJson?: Record<string, unknown>;
  locks: SessionLocksDocument;
  registry: PrdRegistryDocument;
  /** PRD files under docs/prds/ and docs/drafts/, keyed by path. */
  prds: Record<string, PrdFile>;
  /** See RawDocuments.paths. */
  paths: readonly string[];
}

/** A session's liveness as read from its heartbeat ref. */
export interface Liveness {
  sessionId: string;
  at: string;
  prdId?: string;
  /** What a release holding the merge slot is doing (`rebasing`, `setup`, `check 2/3`, `landing`). */
  stage?: string;
  /** When that stage began (ISO 8601). */
  stageStartedAt?: string;
}

/** A stage of a release, as its pings carry it. */
export interface ReleaseStage {
  name: string;
  startedAt: string;
}
