// Every diagnostic code lanes reports, with what it means. Codes are a contract:
// scripts and agents match on them, so they never change once released.

export const DIAGNOSTIC_CODES = {
  // Reading the files
  'json-parse': 'The file is not valid JSON (line and column are given).',
  'json-duplicate-key': 'An object gives the same key twice (line and column of the second).',
  'missing-document':
    'docs/session-locks.json or docs/prd-registry.json is missing while the other exists.',
  'internal-error': 'Validation itself failed; this is a bug in lanes.',

  // Schema rules (packages/core/schemas)
  'schema-type': 'A value has the wrong JSON type (including a document that is not an object).',
  'schema-required': 'A required field is missing.',
  'schema-unknown-field': 'A field that the format does not define (usually a typo).',
  'schema-enum': 'A value outside the allowed set (status, priority, risk, strategy, prePush).',
  'schema-range': 'A number outside its allowed range.',
  'schema-length': 'A string that is empty or too long.',
  'schema-pattern': 'A string that does not have the required form.',
  'schema-duplicate-item': 'A list that must not repeat a value repeats one.',
  'schema-invalid': 'A value breaks a schema rule not covered by a more specific code.',
  'invalid-prd-id':
    'Not a PRD id: prd-<slug>, lowercase letters, digits and single dashes, at most 64 characters.',
  'invalid-session-id': 'Not a session id: a lowercase name, a dash and 6 hex digits.',
  'invalid-story-id': 'Not a story id: US- and at least 3 digits.',
  'invalid-branch': 'Not a valid git branch name.',
  'invalid-date-time': 'Not an ISO-8601 date-time with seconds and a zone, or not a real date.',
  'invalid-path': 'Not a safe repository-relative path (or not a .json file where one is needed).',
  'invalid-commit': 'Not a full commit id.',
  'invalid-remote': 'Not a valid git remote name.',

  // Invariants across fields and documents
  'duplicate-prd-id':
    'A PRD id appears more than once across the registry lists prds, completed and abandoned.',
  'duplicate-story-id': 'A story id appears more than once in one PRD file.',
  'duplicate-lock-prd': 'Two locks claim the same PRD.',
  'duplicate-lock-session': 'One session holds two locks.',
  'duplicate-lock-branch': 'Two locks use the same branch.',
  'reserved-branch': 'A PRD branch is, or shadows, the main or the coordination branch.',
  'lock-unknown-prd': "A lock names a PRD that is not in the registry's prds.",
  'lock-prd-not-active':
    'A lock names a PRD whose registry status is neither in_progress nor blocked.',
  'in-progress-without-lock': 'A registry entry is in_progress but no session holds a lock on it.',
  'unknown-dependency': 'dependsOn names a PRD the registry does not know.',
  'unknown-conflict-prd': 'conflictsWith names a PRD the registry does not know.',
  'dependency-cycle': 'PRDs depend on each other in a cycle, so none of them can ever start.',
  'missing-prd-file': "A registry entry's file does not exist.",
  'missing-archive': 'A completed or abandoned entry points to an archive that does not exist.',
  'missing-lock-prd-file': "A lock's prdFile does not exist.",
  'stories-completed-exceeds-total': 'stories.completed is greater than stories.total.',
  'heartbeat-before-claim': "A lock's heartbeat is earlier than its claimedAt.",
  'blocked-without-reason': 'A blocked lock has no blockedReason.',
  'queued-without-time': 'A queued lock has no queuedAt.',
  'multiple-merging': 'More than one lock holds the merge slot, or a batch member names no holder.',
  'unknown-story': "A story id that is not one of the PRD file's userStories.",
  'prd-id-mismatch': "A PRD file's id differs from the registry entry that points at it.",
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
