// Every invariant beyond the schemas, broken one at a time on the FORMATS.md
// repository, with the exact {file, pointer, code} expected.
import { describe, expect, it } from 'vitest';
import { validateDocuments } from '../src/index.js';
import {
  LOCKS,
  PRINT_PRD,
  REGISTRY,
  SEARCH_PRD,
  file,
  remove,
  set,
  validSnapshot,
  where,
  withEdits,
  withSecondClaim,
  type Edit,
} from './helpers/edit.js';

const ARCHIVE = 'docs/completed/2026-02-18/prd-permissions.json';

function problemsAfter(...edits: Edit[]) {
  return where(validateDocuments(withEdits(withSecondClaim(validSnapshot()), ...edits)).problems);
}

describe('the two-claim baseline', () => {
  it('is valid, so each case below shows only its own problem', () => {
    expect(problemsAfter()).toEqual([]);
  });
});

describe('registry invariants', () => {
  it('ids are unique across prds, completed and abandoned', () => {
    expect(problemsAfter(set(REGISTRY, '/completed/0/id', 'prd-search'))).toEqual([
      { file: REGISTRY, pointer: '/completed/0/id', code: 'duplicate-prd-id' },
      // prd-print-templates now depends on and conflicts with an id nobody has.
      { file: REGISTRY, pointer: '/prds/0/dependsOn/0', code: 'unknown-dependency' },
      { file: REGISTRY, pointer: '/prds/0/conflictsWith/0/prdId', code: 'unknown-conflict-prd' },
    ]);
  });

  it('dependsOn names known PRDs', () => {
    expect(problemsAfter(set(REGISTRY, '/prds/1/dependsOn', ['prd-billing']))).toEqual([
      { file: REGISTRY, pointer: '/prds/1/dependsOn/0', code: 'unknown-dependency' },
    ]);
  });

  it('conflictsWith names known PRDs', () => {
    expect(
      problemsAfter(
        set(REGISTRY, '/prds/1/conflictsWith', [{ prdId: 'prd-billing', risk: 'high' }]),
      ),
    ).toEqual([
      { file: REGISTRY, pointer: '/prds/1/conflictsWith/0/prdId', code: 'unknown-conflict-prd' },
    ]);
  });

  it('a dependency on an abandoned PRD is known', () => {
    expect(
      problemsAfter(
        set(REGISTRY, '/abandoned/-', {
          id: 'prd-legacy',
          title: 'Legacy',
          abandonedAt: '2026-02-10T09:00:00Z',
          archivedTo: 'docs/abandoned/2026-02-10-prd-legacy/',
          reason: 'Superseded.',
        }),
        file('docs/abandoned/2026-02-10-prd-legacy/reason.md', '# prd-legacy\n'),
        set(REGISTRY, '/prds/1/dependsOn', ['prd-legacy']),
      ),
    ).toEqual([]);
  });

  it('no dependency cycle, reported with its path', () => {
    const result = validateDocuments(
      withEdits(
        withSecondClaim(validSnapshot()),
        set(REGISTRY, '/prds/0/dependsOn', ['prd-search']),
        set(REGISTRY, '/prds/1/dependsOn', ['prd-print-templates']),
      ),
    );
    expect(where(result.problems)).toEqual([
      { file: REGISTRY, pointer: '/prds/1/dependsOn/0', code: 'dependency-cycle' },
    ]);
    expect(result.problems[0]?.message).toContain(
      'prd-print-templates → prd-search → prd-print-templates',
    );
  });

  it('a PRD that depends on itself is a cycle', () => {
    const result = validateDocuments(
      withEdits(
        withSecondClaim(validSnapshot()),
        set(REGISTRY, '/prds/1/dependsOn', ['prd-search']),
      ),
    );
    expect(where(result.problems)).toEqual([
      { file: REGISTRY, pointer: '/prds/1/dependsOn/0', code: 'dependency-cycle' },
    ]);
    expect(result.problems[0]?.message).toContain('prd-search → prd-search');
  });

  it('stories.completed <= stories.total', () => {
    expect(problemsAfter(set(REGISTRY, '/prds/0/stories', { total: 5, completed: 6 }))).toEqual([
      {
        file: REGISTRY,
        pointer: '/prds/0/stories/completed',
        code: 'stories-completed-exceeds-total',
      },
    ]);
  });

  it('an in_progress entry has a lock', () => {
    expect(problemsAfter(remove(LOCKS, '/sessions/1'))).toEqual([
      { file: REGISTRY, pointer: '/prds/1/status', code: 'in-progress-without-lock' },
    ]);
  });

  it('a blocked entry needs no lock', () => {
    expect(
      problemsAfter(remove(LOCKS, '/sessions/1'), set(REGISTRY, '/prds/1/status', 'blocked')),
    ).toEqual([]);
  });
});

describe('lock invariants', () => {
  const secondLock = '/sessions/1';

  it('one lock per PRD', () => {
    expect(
      problemsAfter(
        set(LOCKS, `${secondLock}/prdId`, 'prd-print-templates'),
        set(LOCKS, `${secondLock}/prdFile`, PRINT_PRD),
      ),
    ).toEqual([
      { file: LOCKS, pointer: '/sessions/1/prdId', code: 'duplicate-lock-prd' },
      { file: REGISTRY, pointer: '/prds/1/status', code: 'in-progress-without-lock' },
    ]);
  });

  it('one lock per session', () => {
    expect(problemsAfter(set(LOCKS, `${secondLock}/sessionId`, 'developer-a1b2c3'))).toEqual([
      { file: LOCKS, pointer: '/sessions/1/sessionId', code: 'duplicate-lock-session' },
    ]);
  });

  it('one lock per branch', () => {
    expect(problemsAfter(set(LOCKS, `${secondLock}/branch`, 'feature/print-templates'))).toEqual([
      { file: LOCKS, pointer: '/sessions/1/branch', code: 'duplicate-lock-branch' },
    ]);
  });

  it('no PRD works on main or the coordination branch, or shadows them', () => {
    expect(problemsAfter(set(LOCKS, `${secondLock}/branch`, 'main'))).toEqual([
      { file: LOCKS, pointer: '/sessions/1/branch', code: 'reserved-branch' },
    ]);
    expect(problemsAfter(set(REGISTRY, '/prds/0/branchName', 'main/print'))).toEqual([
      { file: REGISTRY, pointer: '/prds/0/branchName', code: 'reserved-branch' },
    ]);
  });

  it("every lock's PRD is in the registry's prds", () => {
    expect(problemsAfter(set(LOCKS, `${secondLock}/prdId`, 'prd-permissions'))).toEqual([
      { file: LOCKS, pointer: '/sessions/1/prdId', code: 'lock-unknown-prd' },
      { file: REGISTRY, pointer: '/prds/1/status', code: 'in-progress-without-lock' },
    ]);
  });

  it("every lock's PRD is in_progress or blocked in the registry", () => {
    const result = validateDocuments(
      withEdits(withSecondClaim(validSnapshot()), set(REGISTRY, '/prds/1/status', 'ready')),
    );
    expect(where(result.problems)).toEqual([
      { file: LOCKS, pointer: '/sessions/1/prdId', code: 'lock-prd-not-active' },
    ]);
    expect(result.state).not.toBeNull();
  });

  it('heartbeat >= claimedAt, compared as instants', () => {
    expect(
      problemsAfter(set(LOCKS, `${secondLock}/heartbeat`, '2026-02-19T16:30:00+01:00')),
    ).toEqual([{ file: LOCKS, pointer: '/sessions/1/heartbeat', code: 'heartbeat-before-claim' }]);
  });

  it('a blocked lock has a non-blank blockedReason', () => {
    expect(problemsAfter(set(LOCKS, `${secondLock}/status`, 'blocked'))).toEqual([
      { file: LOCKS, pointer: '/sessions/1/blockedReason', code: 'blocked-without-reason' },
    ]);
    expect(
      problemsAfter(
        set(LOCKS, `${secondLock}/status`, 'blocked'),
        set(LOCKS, `${secondLock}/blockedReason`, '  '),
      ),
    ).toEqual([
      { file: LOCKS, pointer: '/sessions/1/blockedReason', code: 'blocked-without-reason' },
    ]);
    expect(
      problemsAfter(
        set(LOCKS, `${secondLock}/status`, 'blocked'),
        set(LOCKS, `${secondLock}/blockedReason`, 'quality check failed 3 times'),
      ),
    ).toEqual([]);
  });

  it('a queued lock has queuedAt', () => {
    expect(problemsAfter(set(LOCKS, `${secondLock}/status`, 'queued'))).toEqual([
      { file: LOCKS, pointer: '/sessions/1/queuedAt', code: 'queued-without-time' },
    ]);
    expect(
      problemsAfter(
        set(LOCKS, `${secondLock}/status`, 'queued'),
        set(LOCKS, `${secondLock}/queuedAt`, '2026-02-19T17:00:00Z'),
      ),
    ).toEqual([]);
  });

  it('at most one lock is merging', () => {
    expect(problemsAfter(set(LOCKS, '/sessions/0/status', 'merging'))).toEqual([]);
    expect(
      problemsAfter(
        set(LOCKS, '/sessions/0/status', 'merging'),
        set(LOCKS, `${secondLock}/status`, 'merging'),
      ),
    ).toEqual([{ file: LOCKS, pointer: '/sessions/1/status', code: 'multiple-merging' }]);
  });

  it("completedStories and currentStory are stories of the lock's PRD file", () => {
    expect(
      problemsAfter(
        set(LOCKS, '/sessions/0/completedStories', ['US-001', 'US-009']),
        set(LOCKS, '/sessions/0/currentStory', 'US-010'),
      ),
    ).toEqual([
      { file: LOCKS, pointer: '/sessions/0/currentStory', code: 'unknown-story' },
      { file: LOCKS, pointer: '/sessions/0/completedStories/1', code: 'unknown-story' },
    ]);
  });

  it("a registry entry's currentStory is a story of its PRD file", () => {
    expect(problemsAfter(set(REGISTRY, '/prds/1/currentStory', 'US-003'))).toEqual([
      { file: REGISTRY, pointer: '/prds/1/currentStory', code: 'unknown-story' },
    ]);
  });

  it('stories are not checked when the PRD file was not read', () => {
    const raw = withEdits(
      withSecondClaim(validSnapshot()),
      set(LOCKS, '/sessions/1/currentStory', 'US-099'),
    );
    delete raw.files[SEARCH_PRD];
    expect(where(validateDocuments({ files: raw.files }).problems)).toEqual([]);
  });
});

describe('PRD file invariants', () => {
  it("a PRD file's id matches the registry entry pointing at it", () => {
    expect(problemsAfter(set(SEARCH_PRD, '/id', 'prd-searching'))).toEqual([
      { file: SEARCH_PRD, pointer: '/id', code: 'prd-id-mismatch' },
    ]);
  });

  it('without an id, the file name is the id', () => {
    expect(problemsAfter(remove(SEARCH_PRD, '/id'))).toEqual([]);
    const renamed = 'docs/prds/search.json';
    expect(
      problemsAfter(
        file(renamed, '{ "title": "Search", "userStories": [] }\n'),
        set(REGISTRY, '/prds/1/file', renamed),
        set(LOCKS, '/sessions/1/prdFile', renamed),
      ),
    ).toEqual([{ file: renamed, pointer: '/id', code: 'prd-id-mismatch' }]);
  });

  it('story ids are unique within a PRD file', () => {
    expect(problemsAfter(set(SEARCH_PRD, '/userStories/1/id', 'US-001'))).toEqual([
      { file: SEARCH_PRD, pointer: '/userStories/1/id', code: 'duplicate-story-id' },
    ]);
  });
});

describe('existence of referenced files', () => {
  it("a registry entry's file exists", () => {
    expect(problemsAfter(set(REGISTRY, '/prds/1/file', 'docs/prds/prd-searches.json'))).toEqual([
      { file: REGISTRY, pointer: '/prds/1/file', code: 'missing-prd-file' },
    ]);
  });

  it('archivedTo exists, as a file or as a directory', () => {
    expect(problemsAfter(file(ARCHIVE, undefined))).toEqual([
      { file: REGISTRY, pointer: '/completed/0/archivedTo', code: 'missing-archive' },
    ]);
    expect(
      problemsAfter(
        set(REGISTRY, '/abandoned/-', {
          id: 'prd-legacy',
          title: 'Legacy',
          abandonedAt: '2026-02-10T09:00:00Z',
          archivedTo: 'docs/abandoned/2026-02-10-prd-legacy',
          reason: 'Superseded.',
        }),
      ),
    ).toEqual([{ file: REGISTRY, pointer: '/abandoned/0/archivedTo', code: 'missing-archive' }]);
  });

  it("a lock's prdFile exists", () => {
    expect(problemsAfter(set(LOCKS, '/sessions/1/prdFile', 'docs/prds/prd-searches.json'))).toEqual(
      [{ file: LOCKS, pointer: '/sessions/1/prdFile', code: 'missing-lock-prd-file' }],
    );
  });

  it('is skipped when the snapshot lists no paths', () => {
    const raw = withEdits(
      validSnapshot(),
      file(ARCHIVE, undefined),
      set(REGISTRY, '/prds/0/file', 'docs/prds/nowhere.json'),
    );
    expect(validateDocuments({ files: raw.files }).problems).toEqual([]);
  });
});
