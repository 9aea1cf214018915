import type { RiskFinding, RiskLevel, SessionJson, StatusReport } from '@lanes/core';

// The state of the team as the live views draw it (terminal, web page, static HTML),
// built from the report `lanes status --json` prints. Pure: the report and the time it
// was read in; every renderer ages the times itself against its own clock.

/** How many completed and abandoned PRDs the views list. */
const RECENT_LIMIT = 8;

export interface SessionRow {
  sessionId: string;
  /** `Ann Lee@laptop` (git user.name, host), or '' when the lock does not say. */
  who: string;
  prdId: string;
  title: string;
  state: 'working' | 'blocked' | 'queued' | 'merging';
  stale: boolean;
  /** Stories done, of how many (null when unknown), and the one in hand. */
  stories: { done: number; total: number | null; current: string | null };
  /** ISO time of the last liveness signal. */
  lastSeen: string;
  branch: string;
  blockedReason: string | null;
}

export interface QueueRow {
  position: number;
  prdId: string;
  sessionId: string;
  who: string;
  status: 'queued' | 'merging';
  /** What the release holding the merge slot is doing (`check 2/3`), when it says. */
  stage: string | null;
  stageStartedAt: string | null;
  queuedAt: string | null;
  stale: boolean;
}

/** Risk between every two active PRDs; pairs without risk are absent. */
interface ConflictMatrix {
  prds: string[];
  pairs: { a: string; b: string; risk: RiskLevel; findings: RiskFinding[] }[];
}

interface RecentRow {
  kind: 'completed' | 'abandoned';
  id: string;
  title: string;
  at: string;
  /** The archive on the coordination branch: a file (completed) or a folder (abandoned). */
  archivedTo: string;
  reason: string | null;
  mergeCommit: string | null;
}

export interface ViewModel {
  source: string;
  offline: boolean;
  /** When the state was read (ISO). */
  readAt: string;
  sessions: SessionRow[];
  queue: QueueRow[];
  available: StatusReport['available'];
  waiting: StatusReport['waiting'];
  drafts: { id: string; title: string }[];
  conflicts: ConflictMatrix;
  recent: RecentRow[];
  counts: { sessions: number; stale: number; blocked: number; queued: number; available: number };
}

export function buildViewModel(report: StatusReport, readAt: Date): ViewModel {
  const whoOf = new Map(report.sessions.map((s) => [s.sessionId, whoOfSession(s)]));
  const sessions = report.sessions.map(sessionRow);
  const queue = report.mergeQueue.map((entry) => ({
    position: entry.position,
    prdId: entry.prdId,
    sessionId: entry.sessionId,
    who: whoOf.get(entry.sessionId) ?? '',
    status: entry.status,
    stage: entry.stage,
    stageStartedAt: entry.stageStartedAt,
    queuedAt: entry.queuedAt,
    stale: entry.stale,
  }));
  return {
    source: report.source,
    offline: report.offline,
    readAt: readAt.toISOString(),
    sessions,
    queue,
    // As the report has them: the views only read them.
    available: report.available,
    waiting: report.waiting,
    drafts: report.drafts.map((entry) => ({ id: entry.id, title: entry.title })),
    conflicts: {
      prds: [...new Set(report.sessions.map((s) => s.prdId))].sort(),
      pairs: report.warnings.map(({ a, b, risk, findings }) => ({ a, b, risk, findings })),
    },
    recent: recentRows(report),
    counts: {
      sessions: sessions.length,
      stale: sessions.filter((s) => s.stale).length,
      blocked: sessions.filter((s) => s.state === 'blocked').length,
      queued: queue.length,
      available: report.available.length,
    },
  };
}

/** `Ann Lee@laptop`, `Ann Lee`, `laptop`, or ''. */
export function whoOfSession(session: Pick<SessionJson, 'user' | 'host'>): string {
  const user = (session.user ?? '').trim();
  const host = (session.host ?? '').trim();
  return user && host ? `${user}@${host}` : user || host;
}

function sessionRow(session: SessionJson): SessionRow {
  return {
    sessionId: session.sessionId,
    who: whoOfSession(session),
    prdId: session.prdId,
    title: session.title ?? '',
    state: session.status === 'in_progress' ? 'working' : session.status,
    stale: session.stale,
    stories: {
      done: session.completedStories.length,
      total: session.stories?.total ?? null,
      current: session.currentStory,
    },
    lastSeen: session.lastSeen,
    branch: session.branch,
    blockedReason: session.blockedReason,
  };
}

function recentRows(report: StatusReport): RecentRow[] {
  const rows: RecentRow[] = [
    ...report.completed.map((done) => ({
      kind: 'completed' as const,
      id: done.id,
      title: done.title,
      at: done.completedAt,
      archivedTo: done.archivedTo,
      reason: null,
      mergeCommit: done.mergeCommit,
    })),
    ...report.abandoned.map((gone) => ({
      kind: 'abandoned' as const,
      id: gone.id,
      title: gone.title,
      at: gone.abandonedAt,
      archivedTo: gone.archivedTo,
      reason: gone.reason,
      mergeCommit: null,
    })),
  ];
  const time = (row: RecentRow) => Date.parse(row.at) || 0;
  return rows.sort((x, y) => time(y) - time(x)).slice(0, RECENT_LIMIT);
}

/** Whole seconds from an ISO time to `now`; null when the time cannot be read. */
export function secondsSince(iso: string | null, now: Date): number | null {
  if (iso === null) return null;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? null : Math.max(0, Math.floor((now.getTime() - at) / 1000));
}

/** `45s`, `12m`, `3h 5m`, `2d 4h`: short enough for a table cell. */
export function shortAge(seconds: number | null): string {
  if (seconds === null) return '?';
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds < 600 ? `${minutes}m ${seconds % 60}s` : `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** Archives the views may serve: the paths the report names, and what lies under them. */
export function isArchivePath(report: Pick<StatusReport, 'completed' | 'abandoned'>, path: string) {
  if (path.split('/').some((part) => part === '..' || part === '.')) return false;
  return [...report.completed, ...report.abandoned].some(
    (entry) =>
      path === entry.archivedTo ||
      path === entry.archivedTo.replace(/\/+$/, '') ||
      (entry.archivedTo.endsWith('/') && path.startsWith(entry.archivedTo)),
  );
}
