import type { CoordinationState, Liveness, Priority, RiskLevel } from '../types.js';
import { pairConcerns } from './active-risk.js';
import { lockForPrd, waitingEntries } from './availability.js';
import { lockLiveness } from './liveness.js';
import { queueOrder } from './queue.js';
import type { RecoveryStep } from './recovery-plan.js';
import { compareRisk } from './risk-level.js';
import { riskBetween, type PairRisk, type RiskFinding } from './risk.js';
import { activePairs } from './risk-pairs.js';
import { sessionViews, type SessionView } from './sessions.js';
import { availableViews } from './status-views.js';

// The dashboard as data: what `lanes status --json` prints (CLI.md "JSON output") and
// what the text renderer draws. Pure: state, liveness, branch-based risks and `now` in.

/**
 * One session, the shape `status.sessions` and `stale.sessions` share: core's view
 * with the heartbeat age in whole seconds instead of its display forms.
 */
export type SessionJson = Omit<SessionView, 'heartbeatAgeMs' | 'heartbeatAge'> & {
  /** Seconds since `lastSeen`; null when it cannot be read. */
  lastSeenAgeSeconds: number | null;
};

export interface MergeQueueJson {
  position: number;
  sessionId: string;
  prdId: string;
  branch: string;
  status: 'queued' | 'merging';
  queuedAt: string | null;
  /** `high` goes ahead of `normal` (`lanes release --priority high`, or a critical PRD). */
  priority: 'high' | 'normal';
  /** While merging in another session's batch: that session (the slot holder). */
  mergedBy: string | null;
  stale: boolean;
}

export interface ConflictWarningJson {
  kind: 'conflict';
  a: string;
  b: string;
  risk: RiskLevel;
  findings: RiskFinding[];
}

export interface StatusReport {
  source: string;
  offline: boolean;
  sessions: SessionJson[];
  available: {
    id: string;
    title: string;
    priority: Priority;
    risk: RiskLevel;
    against: string[];
    /** The PRDs it depends on (all completed, or it would be waiting). */
    dependsOn: string[];
  }[];
  waiting: { id: string; title: string; unmetDependencies: string[] }[];
  mergeQueue: MergeQueueJson[];
  drafts: { id: string; title: string; priority: Priority }[];
  /** Newest first. */
  completed: {
    id: string;
    title: string;
    completedAt: string;
    archivedTo: string;
    mergeCommit: string | null;
    sessionId: string | null;
  }[];
  /** Newest first. */
  abandoned: {
    id: string;
    title: string;
    abandonedAt: string;
    archivedTo: string;
    reason: string;
    sessionId: string | null;
  }[];
  warnings: ConflictWarningJson[];
  /**
   * Landings a crash left half done (a merge commit recorded, the PRD not completed).
   * `status` only reports them: the next `lanes release`, of any session, finishes
   * them (`onMain`: completes the PRD; else puts it back in the queue).
   */
  interrupted: InterruptedLandingJson[];
}

export interface InterruptedLandingJson {
  prdId: string;
  sessionId: string;
  branch: string;
  mergeCommit: string;
  /** The merge commit is on main: only the registry has to catch up. */
  onMain: boolean;
}

type ReportState = Pick<CoordinationState, 'config' | 'locks' | 'registry' | 'prds'>;

export function sessionJson(view: SessionView, state: ReportState): SessionJson {
  const { heartbeatAgeMs, heartbeatAge: _display, ...fields } = view;
  return {
    ...fields,
    stories: view.stories ?? storiesFromPrdFile(view, state),
    lastSeenAgeSeconds: Number.isFinite(heartbeatAgeMs) ? Math.floor(heartbeatAgeMs / 1000) : null,
  };
}

// The registry's `stories` counts are optional; the PRD file's stories are the truth.
function storiesFromPrdFile(
  view: SessionView,
  state: ReportState,
): { total: number; completed: number } | null {
  const lock = lockForPrd(state.locks, view.prdId);
  const file = lock === undefined ? undefined : state.prds[lock.prdFile];
  if (file === undefined) return null;
  return { total: file.userStories.length, completed: view.completedStories.length };
}

/** Every session of the state, as `status.sessions` shows them. */
export function sessionsJson(
  state: ReportState,
  liveness: readonly Liveness[],
  now: Date,
): SessionJson[] {
  return sessionViews(state, liveness, now).map((view) => sessionJson(view, state));
}

export interface StatusInput {
  state: ReportState;
  liveness: readonly Liveness[];
  now: Date;
  /** Pairs of active PRDs assessed with branch evidence; others come from the registry. */
  risks?: readonly PairRisk[];
  source: string;
  offline: boolean;
  /** What a release would do with each recorded merge commit (core's planRecovery). */
  recovery?: readonly RecoveryStep[];
}

export function buildStatusReport(input: StatusInput): StatusReport {
  const { state, liveness, now } = input;
  const { registry } = state;
  return {
    source: input.source,
    offline: input.offline,
    sessions: sessionsJson(state, liveness, now),
    available: availableViews(state).map((view) => ({
      id: view.id,
      title: view.title,
      priority: view.priority,
      risk: view.risk,
      against: view.against,
      dependsOn: [...(registry.prds.find((entry) => entry.id === view.id)?.dependsOn ?? [])],
    })),
    waiting: waitingEntries(state).map((waiting) => ({
      id: waiting.id,
      title: registry.prds.find((entry) => entry.id === waiting.id)?.title ?? waiting.id,
      unmetDependencies: waiting.unmetDependencies,
    })),
    mergeQueue: queueOrder(state.locks).map((lock, index) => ({
      position: index + 1,
      sessionId: lock.sessionId,
      prdId: lock.prdId,
      branch: lock.branch,
      status: lock.status === 'merging' ? 'merging' : 'queued',
      queuedAt: lock.queuedAt ?? null,
      priority: lock.priority ?? 'normal',
      mergedBy: lock.mergedBy ?? null,
      stale: lockLiveness(lock, liveness, state.config, now).stale,
    })),
    drafts: registry.prds
      .filter((entry) => entry.status === 'draft')
      .map((entry) => ({ id: entry.id, title: entry.title, priority: entry.priority ?? 'medium' })),
    completed: newestFirst(registry.completed, (done) => done.completedAt).map((done) => ({
      id: done.id,
      title: done.title,
      completedAt: done.completedAt,
      archivedTo: done.archivedTo,
      mergeCommit: done.mergeCommit ?? null,
      sessionId: done.sessionId ?? null,
    })),
    abandoned: newestFirst(registry.abandoned, (gone) => gone.abandonedAt).map((gone) => ({
      id: gone.id,
      title: gone.title,
      abandonedAt: gone.abandonedAt,
      archivedTo: gone.archivedTo,
      reason: gone.reason,
      sessionId: gone.sessionId ?? null,
    })),
    warnings: conflictWarnings(state, input.risks ?? []),
    interrupted: (input.recovery ?? [])
      .filter((step) => step.action !== 'leave')
      .map(({ prdId, sessionId, branch, mergeCommit, action }) => ({
        prdId,
        sessionId,
        branch,
        mergeCommit,
        onMain: action === 'complete',
      })),
  };
}

/**
 * Every pair of active PRDs (held by a session, live or stale) with some risk, the
 * highest first. A pair assessed with branch evidence replaces the registry-only one.
 */
export function conflictWarnings(
  state: Pick<CoordinationState, 'config' | 'locks' | 'registry' | 'prds'>,
  risks: readonly PairRisk[],
): ConflictWarningJson[] {
  const shared = state.config.coordination.shared;
  return activePairs(state)
    .map(({ a, b }): ConflictWarningJson => {
      const pair =
        risks.find((risk) => pairConcerns(risk, a.id, b.id)) ?? riskBetween(a, b, { shared });
      return { kind: 'conflict', a: a.id, b: b.id, risk: pair.risk, findings: pair.findings };
    })
    .filter((warning) => warning.risk !== 'none')
    .sort((x, y) => compareRisk(y.risk, x.risk));
}

function newestFirst<T>(items: readonly T[], at: (item: T) => string): T[] {
  const time = (item: T) => {
    const value = Date.parse(at(item));
    return Number.isNaN(value) ? Number.NEGATIVE_INFINITY : value;
  };
  return [...items].sort((x, y) => time(y) - time(x));
}
