import type {
  AbandonedEntry,
  CompletedEntry,
  CoordinationState,
  LanesConfig,
  Liveness,
  PrdFile,
  RegistryEntry,
  SessionLock,
} from '../types.js';
import { branchForPrd } from './ids.js';

// An in-memory coordination state for tests (here and in other packages): name
// what matters to the test, the rest gets plausible, valid defaults.

/** The moment most test states are built around. */
export const T0 = '2026-02-19T15:00:00Z';

/** `T0` (or `base`) plus some minutes, as a Date or an ISO string. */
export function minutesAfter(minutes: number, base: string = T0): Date {
  return new Date(Date.parse(base) + minutes * 60_000);
}

export function isoAfter(minutes: number, base: string = T0): string {
  return minutesAfter(minutes, base)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
}

export const TEST_CONFIG: LanesConfig = {
  multiSession: true,
  heartbeatTimeoutMinutes: 10,
  coordination: {
    remote: 'origin',
    branch: 'main',
    heartbeatIntervalSeconds: 60,
    prePush: 'block',
    shared: [],
  },
  mergeQueue: {
    strategy: 'merge',
    attempts: 3,
    retryFlaky: false,
    batchSize: 4,
    deleteOnComplete: true,
  },
};

export type PrdSpec = Partial<RegistryEntry> & {
  id: string;
  /** Story ids of the PRD file (default US-001..US-003). */
  storyIds?: string[];
};

export type LockSpec = Partial<SessionLock> & { sessionId: string; prdId: string };

export interface StateSpec {
  prds?: PrdSpec[];
  locks?: LockSpec[];
  completed?: (Partial<CompletedEntry> & { id: string })[];
  abandoned?: (Partial<AbandonedEntry> & { id: string })[];
  /** Shared globs (coordination.shared). */
  shared?: string[];
  heartbeatTimeoutMinutes?: number;
}

/**
 * A consistent state: an entry with a lock and no explicit status gets the lock's
 * status (`blocked`, or `in_progress`); PRD files exist for every entry.
 */
export function buildState(spec: StateSpec = {}): CoordinationState {
  const lockSpecs = spec.locks ?? [];
  const entries: RegistryEntry[] = (spec.prds ?? []).map(({ storyIds: _, id, ...prd }) => {
    const lock = lockSpecs.find((candidate) => candidate.prdId === id);
    const status =
      prd.status ?? (lock ? (lock.status === 'blocked' ? 'blocked' : 'in_progress') : 'ready');
    const folder = status === 'draft' ? 'drafts' : 'prds';
    return {
      id,
      title: titleOf(id),
      priority: 'medium',
      file: `docs/${folder}/${id}.json`,
      ...prd,
      status,
    };
  });
  const prdFiles: Record<string, PrdFile> = {};
  for (const [i, entry] of entries.entries()) {
    const storyIds = spec.prds?.[i]?.storyIds ?? ['US-001', 'US-002', 'US-003'];
    prdFiles[entry.file] = {
      id: entry.id,
      title: entry.title,
      userStories: storyIds.map((id) => ({ id, title: `Story ${id}`, passes: false })),
      ...(entry.touches === undefined ? {} : { touches: entry.touches }),
    };
  }
  const sessions: SessionLock[] = lockSpecs.map((lock) => {
    const entry = entries.find((candidate) => candidate.id === lock.prdId);
    return {
      prdFile: entry?.file ?? `docs/prds/${lock.prdId}.json`,
      branch: branchForPrd(entry ?? { id: lock.prdId }),
      claimedAt: T0,
      heartbeat: lock.claimedAt ?? T0,
      completedStories: [],
      status: 'in_progress',
      ...lock,
    };
  });
  const config: LanesConfig = {
    ...TEST_CONFIG,
    heartbeatTimeoutMinutes: spec.heartbeatTimeoutMinutes ?? TEST_CONFIG.heartbeatTimeoutMinutes,
    coordination: { ...TEST_CONFIG.coordination, shared: spec.shared ?? [] },
  };
  const completed = (spec.completed ?? []).map((done) => ({
    title: titleOf(done.id),
    completedAt: '2026-02-18T10:00:00Z',
    archivedTo: `docs/completed/2026-02-18/${done.id}.json`,
    ...done,
  }));
  const abandoned = (spec.abandoned ?? []).map((gone) => ({
    title: titleOf(gone.id),
    abandonedAt: '2026-02-18T10:00:00Z',
    archivedTo: `docs/abandoned/2026-02-18-${gone.id}/`,
    reason: 'no longer needed',
    ...gone,
  }));
  return {
    config,
    locks: { sessions },
    registry: { version: '1.0', prds: entries, completed, abandoned },
    prds: prdFiles,
    paths: [
      'project.json',
      'docs/session-locks.json',
      'docs/prd-registry.json',
      ...Object.keys(prdFiles),
      ...completed.map((done) => done.archivedTo),
      ...abandoned.flatMap((gone) => [
        `${gone.archivedTo}${gone.id}.json`,
        `${gone.archivedTo}reason.md`,
      ]),
    ],
  };
}

export function ping(sessionId: string, at: string, prdId?: string): Liveness {
  return { sessionId, at, ...(prdId === undefined ? {} : { prdId }) };
}

function titleOf(prdId: string): string {
  const slug = prdId.replace(/^prd-/, '').replace(/-/g, ' ');
  return slug.charAt(0).toUpperCase() + slug.slice(1);
}

/** Freezes a value deeply, so a test catches any rule that mutates its input. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
