// One broken variation per schema rule family, each asserting the exact
// {file, pointer, code} it produces.
import { describe, expect, it } from 'vitest';
import { validateDocuments } from '../src/index.js';
import {
  LOCKS,
  PRINT_PRD,
  REGISTRY,
  remove,
  set,
  validSnapshot,
  where,
  withEdits,
  type Edit,
} from './helpers/edit.js';

const PROJECT = 'project.json';

type Case = [name: string, edit: Edit, file: string, pointer: string, code: string];

// One line per case reads as a table.
// prettier-ignore
const cases: Case[] = [
  // docs/session-locks.json
  ['a missing required field', remove(LOCKS, '/sessions/0/heartbeat'), LOCKS, '/sessions/0/heartbeat', 'schema-required'],
  ['a misspelt field', set(LOCKS, '/sessions/0/heatbeat', '2026-02-19T15:20:00Z'), LOCKS, '/sessions/0/heatbeat', 'schema-unknown-field'],
  ['an unknown top-level field', set(LOCKS, '/version', '1.0'), LOCKS, '/version', 'schema-unknown-field'],
  ['a string where a list belongs', set(LOCKS, '/sessions/0/completedStories', 'US-001'), LOCKS, '/sessions/0/completedStories', 'schema-type'],
  ['sessions that is not a list', set(LOCKS, '/sessions', {}), LOCKS, '/sessions', 'schema-type'],
  ['a lock status outside the enum', set(LOCKS, '/sessions/0/status', 'done'), LOCKS, '/sessions/0/status', 'schema-enum'],
  ['a malformed session id', set(LOCKS, '/sessions/0/sessionId', 'Developer-a1b2c3'), LOCKS, '/sessions/0/sessionId', 'invalid-session-id'],
  ['a session id with 5 hex digits', set(LOCKS, '/sessions/0/sessionId', 'developer-a1b2c'), LOCKS, '/sessions/0/sessionId', 'invalid-session-id'],
  ['an upper-case PRD id', set(LOCKS, '/sessions/0/prdId', 'prd-Print'), LOCKS, '/sessions/0/prdId', 'invalid-prd-id'],
  ['a PRD id over 64 characters', set(LOCKS, '/sessions/0/prdId', `prd-${'a'.repeat(61)}`), LOCKS, '/sessions/0/prdId', 'invalid-prd-id'],
  ['a PRD id both malformed and too long, reported once', set(LOCKS, '/sessions/0/prdId', `PRD_${'x'.repeat(70)}`), LOCKS, '/sessions/0/prdId', 'invalid-prd-id'],
  ['a PRD id with a double dash', set(LOCKS, '/sessions/0/prdId', 'prd-print--templates'), LOCKS, '/sessions/0/prdId', 'invalid-prd-id'],
  ['a malformed story id', set(LOCKS, '/sessions/0/currentStory', 'US-2'), LOCKS, '/sessions/0/currentStory', 'invalid-story-id'],
  ['a branch with ..', set(LOCKS, '/sessions/0/branch', 'feature/../x'), LOCKS, '/sessions/0/branch', 'invalid-branch'],
  ['a branch starting with -', set(LOCKS, '/sessions/0/branch', '-feature'), LOCKS, '/sessions/0/branch', 'invalid-branch'],
  ['a branch with a space', set(LOCKS, '/sessions/0/branch', 'feature/print templates'), LOCKS, '/sessions/0/branch', 'invalid-branch'],
  ['a branch ending in .lock', set(LOCKS, '/sessions/0/branch', 'feature/x.lock'), LOCKS, '/sessions/0/branch', 'invalid-branch'],
  ['a date-time without a zone', set(LOCKS, '/sessions/0/heartbeat', '2026-02-19T15:20:00'), LOCKS, '/sessions/0/heartbeat', 'invalid-date-time'],
  ['a date-time with a space', set(LOCKS, '/sessions/0/claimedAt', '2026-02-19 15:00:00Z'), LOCKS, '/sessions/0/claimedAt', 'invalid-date-time'],
  ['a date that does not exist', set(LOCKS, '/sessions/0/heartbeat', '2026-02-30T15:20:00Z'), LOCKS, '/sessions/0/heartbeat', 'invalid-date-time'],
  ['a path leaving the repository', set(LOCKS, '/sessions/0/prdFile', '../secrets.json'), LOCKS, '/sessions/0/prdFile', 'invalid-path'],
  ['an absolute path', set(LOCKS, '/sessions/0/prdFile', '/docs/prds/prd-print-templates.json'), LOCKS, '/sessions/0/prdFile', 'invalid-path'],
  ['a PRD file that is not .json', set(LOCKS, '/sessions/0/prdFile', 'docs/prds/prd-print-templates.md'), LOCKS, '/sessions/0/prdFile', 'invalid-path'],
  ['a short merge commit', set(LOCKS, '/sessions/0/mergeCommit', '9fceb02'), LOCKS, '/sessions/0/mergeCommit', 'invalid-commit'],
  ['a repeated completed story', set(LOCKS, '/sessions/0/completedStories', ['US-001', 'US-001']), LOCKS, '/sessions/0/completedStories/1', 'schema-duplicate-item'],

  // docs/prd-registry.json
  ['an unsupported version', set(REGISTRY, '/version', '2.0'), REGISTRY, '/version', 'schema-pattern'],
  ['a missing list', remove(REGISTRY, '/abandoned'), REGISTRY, '/abandoned', 'schema-required'],
  ['a registry status outside the enum', set(REGISTRY, '/prds/0/status', 'done'), REGISTRY, '/prds/0/status', 'schema-enum'],
  ['a priority outside the enum', set(REGISTRY, '/prds/0/priority', 'urgent'), REGISTRY, '/prds/0/priority', 'schema-enum'],
  ['a risk outside the enum', set(REGISTRY, '/prds/0/conflictsWith/0/risk', 'severe'), REGISTRY, '/prds/0/conflictsWith/0/risk', 'schema-enum'],
  ['a negative story count', set(REGISTRY, '/prds/0/stories/total', -1), REGISTRY, '/prds/0/stories/total', 'schema-range'],
  ['a fractional story count', set(REGISTRY, '/prds/0/stories/completed', 0.5), REGISTRY, '/prds/0/stories/completed', 'schema-type'],
  ['an empty title', set(REGISTRY, '/prds/0/title', ''), REGISTRY, '/prds/0/title', 'schema-length'],
  ['a misspelt entry field', set(REGISTRY, '/prds/0/dependOn', []), REGISTRY, '/prds/0/dependOn', 'schema-unknown-field'],
  ['an unknown completed-entry field', set(REGISTRY, '/completed/0/mergedBy', 'x'), REGISTRY, '/completed/0/mergedBy', 'schema-unknown-field'],
  ['an abandoned entry without a reason', set(REGISTRY, '/abandoned/-', { id: 'prd-x', title: 'X', abandonedAt: '2026-02-19T10:00:00Z', archivedTo: 'docs/abandoned/2026-02-19-prd-x/', }), REGISTRY, '/abandoned/0/reason', 'schema-required'],
  ['a malformed dependency id', set(REGISTRY, '/prds/0/dependsOn/0', 'permissions'), REGISTRY, '/prds/0/dependsOn/0', 'invalid-prd-id'],
  ['a completedAt that is not a date-time', set(REGISTRY, '/completed/0/completedAt', 'yesterday'), REGISTRY, '/completed/0/completedAt', 'invalid-date-time'],

  // PRD files
  ['a PRD file without userStories', remove(PRINT_PRD, '/userStories'), PRINT_PRD, '/userStories', 'schema-required'],
  ['a PRD file with a malformed story id', set(PRINT_PRD, '/userStories/0/id', 'story-1'), PRINT_PRD, '/userStories/0/id', 'invalid-story-id'],
  ['a PRD file with a malformed id', set(PRINT_PRD, '/id', 'Print Templates'), PRINT_PRD, '/id', 'invalid-prd-id'],
  ['a PRD file whose passes is a string', set(PRINT_PRD, '/userStories/1/passes', 'no'), PRINT_PRD, '/userStories/1/passes', 'schema-type'],

  // the agents section
  ['a prePush mode outside the enum', set(PROJECT, '/agents/coordination/prePush', 'sometimes'), PROJECT, '/agents/coordination/prePush', 'schema-enum'],
  ['a merge strategy outside the enum', set(PROJECT, '/agents/mergeQueue/strategy', 'octopus'), PROJECT, '/agents/mergeQueue/strategy', 'schema-enum'],
  ['a zero heartbeat timeout', set(PROJECT, '/agents/heartbeatTimeoutMinutes', 0), PROJECT, '/agents/heartbeatTimeoutMinutes', 'schema-range'],
  ['fractional attempts', set(PROJECT, '/agents/mergeQueue/attempts', 2.5), PROJECT, '/agents/mergeQueue/attempts', 'schema-type'],
  ['a misspelt agents field', set(PROJECT, '/agents/multisession', true), PROJECT, '/agents/multisession', 'schema-unknown-field'],
  ['a remote name starting with -', set(PROJECT, '/agents/coordination/remote', '-origin'), PROJECT, '/agents/coordination/remote', 'invalid-remote'],
  ['a coordination branch that is no branch name', set(PROJECT, '/agents/coordination/branch', 'lanes/state/'), PROJECT, '/agents/coordination/branch', 'invalid-branch'],
  ['multiSession as a string', set(PROJECT, '/agents/multiSession', 'yes'), PROJECT, '/agents/multiSession', 'schema-type'],
];

describe('schema rules', () => {
  it.each(cases)('%s', (_name, edit, file, pointer, code) => {
    const { problems } = validateDocuments(withEdits(validSnapshot(), edit));
    expect(where(problems)).toEqual([{ file, pointer, code }]);
  });

  it('messages name the field and the value', () => {
    const { problems } = validateDocuments(
      withEdits(validSnapshot(), set(LOCKS, '/sessions/0/status', 'done')),
    );
    expect(problems[0]?.message).toBe(
      'sessions[0].status must be one of in_progress, blocked, queued, merging; got "done".',
    );
  });

  it('reports every problem of a document, not just the first', () => {
    const { problems } = validateDocuments(
      withEdits(
        validSnapshot(),
        set(LOCKS, '/sessions/0/status', 'done'),
        set(LOCKS, '/sessions/0/heatbeat', 'x'),
        remove(LOCKS, '/sessions/0/branch'),
      ),
    );
    expect(where(problems)).toEqual([
      { file: LOCKS, pointer: '/sessions/0/branch', code: 'schema-required' },
      { file: LOCKS, pointer: '/sessions/0/heatbeat', code: 'schema-unknown-field' },
      { file: LOCKS, pointer: '/sessions/0/status', code: 'schema-enum' },
    ]);
  });

  it('keeps unknown extra fields of PRD files (Ralph-compatible)', () => {
    const result = validateDocuments(
      withEdits(
        validSnapshot(),
        set(PRINT_PRD, '/ralphIteration', 3),
        set(PRINT_PRD, '/userStories/0/estimate', 'S'),
      ),
    );
    expect(result.problems).toEqual([]);
    const prd = result.state?.prds[PRINT_PRD];
    expect(prd?.ralphIteration).toBe(3);
    expect(prd?.userStories[0]?.estimate).toBe('S');
  });

  it('accepts an empty userStories list (a draft)', () => {
    const draft = 'docs/drafts/prd-audit-log.json';
    const result = validateDocuments({
      ...validSnapshot(),
      files: {
        ...validSnapshot().files,
        [draft]: '{ "title": "Audit log", "userStories": [] }\n',
      },
    });
    expect(result.problems).toEqual([]);
    expect(result.state?.prds[draft]?.title).toBe('Audit log');
  });

  it('accepts date-times with fractions and zone offsets', () => {
    const result = validateDocuments(
      withEdits(
        validSnapshot(),
        set(LOCKS, '/sessions/0/claimedAt', '2026-02-19T16:00:00.123+01:00'),
        set(LOCKS, '/sessions/0/heartbeat', '2028-02-29T23:59:59Z'),
      ),
    );
    expect(result.problems).toEqual([]);
  });

  it('gives no state when the locks break their schema, and leaves out a broken PRD file', () => {
    expect(
      validateDocuments(withEdits(validSnapshot(), set(LOCKS, '/sessions/0/status', 'done'))).state,
    ).toBeNull();
    const brokenPrd = validateDocuments(
      withEdits(validSnapshot(), remove(PRINT_PRD, '/userStories')),
    );
    expect(brokenPrd.state).not.toBeNull();
    expect(brokenPrd.state?.prds).toEqual({});
  });
});

describe("the seed's own lock entry", () => {
  it('validates with "currentStory": null, as the seed writes a fresh claim', () => {
    const result = validateDocuments(
      withEdits(validSnapshot(), set(LOCKS, '/sessions/0/currentStory', null)),
    );
    expect(where(result.problems)).toEqual([]);
    expect(result.state?.locks.sessions[0]?.currentStory).toBeNull();
  });
});
