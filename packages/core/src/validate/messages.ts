// Every sentence a diagnostic carries, in one place. Each names the field (as
// `sessions[0].heartbeat`) and, where there is one, the offending value.

const MAX_SHOWN = 60;

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    const quoted = JSON.stringify(value);
    return quoted.length > MAX_SHOWN ? `${quoted.slice(0, MAX_SHOWN - 4)}…"` : quoted;
  }
  return String(value);
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a JSON object',
  array: 'an array',
  string: 'a string',
  number: 'a finite number',
  integer: 'a whole number',
  boolean: 'true or false',
  null: 'null',
};

export const IDENTIFIER_RULES = {
  prdId:
    'a PRD id (prd-<slug>: lowercase letters, digits and single dashes, at most 64 characters, e.g. prd-print-templates)',
  sessionId: 'a session id (a lowercase name, a dash and 6 hex digits, e.g. developer-a1b2c3)',
  storyId: 'a story id (US- and at least 3 digits, e.g. US-003)',
  branch:
    'a valid git branch name (see git check-ref-format --branch; it may not start with - or refs/)',
  dateTime: 'an ISO-8601 date-time with seconds and a zone, e.g. 2026-02-19T15:00:00Z',
  repoPath: 'a path relative to the repository root (no leading /, no \\, no . or .. segment)',
  jsonPath:
    'a path of a .json file relative to the repository root (no leading /, no \\, no . or .. segment)',
  commitSha: 'a full commit id (40 hex digits, or 64 in a SHA-256 repository)',
  remoteName: 'a git remote name',
} as const;

export type IdentifierKind = keyof typeof IDENTIFIER_RULES;

export const messages = {
  jsonParse: (reason: string, line: number, column: number) =>
    `not valid JSON: ${reason} at line ${line}, column ${column}.`,
  missingDocument: (missing: string, present: string) =>
    `${missing} is missing, while ${present} is there: lanes cannot read the state without it, and 'lanes init' will not guess its content. Restore it on the coordination branch: 'git log --diff-filter=D --oneline <remote>/<branch> -- ${missing}' names the commit that removed it; 'git show <that commit>^:${missing}' is its last content; commit it back to the coordination branch. ('lanes init' writes an empty one, which is valid only while no PRD is in progress.)`,
  reservedBranch: (field: string, branch: string, reason: string) =>
    `${field} is ${JSON.stringify(branch)}, which no PRD may use: ${reason}; give the PRD a branchName like feature/<slug>.`,
  jsonDuplicateKey: (field: string, line: number, column: number) =>
    `${field} is given twice (line ${line}, column ${column}); JSON keeps only the last, so remove the other.`,
  internalError: (error: unknown) =>
    `validation failed unexpectedly (${error instanceof Error ? error.message : String(error)}); please report this as a bug in lanes.`,

  required: (field: string) => `${field} is required but missing.`,
  unknownField: (field: string) =>
    `${field} is not a field of this format (a typo?); lanes rejects unknown fields in the files it owns.`,
  type: (field: string, expected: string, value: unknown) =>
    `${field} must be ${expected
      .split(',')
      .map((name) => TYPE_NAMES[name] ?? name)
      .join(' or ')}, got ${describeValue(value)}.`,
  enumeration: (field: string, allowed: readonly unknown[], value: unknown) =>
    `${field} must be one of ${allowed.map(String).join(', ')}; got ${describeValue(value)}.`,
  range: (field: string, comparison: string, limit: unknown, value: unknown) =>
    `${field} must be ${comparison} ${String(limit)}, got ${describeValue(value)}.`,
  empty: (field: string) => `${field} must not be empty.`,
  tooLong: (field: string, limit: unknown, value: unknown) =>
    `${field} must be at most ${String(limit)} characters long, got ${describeValue(value)}.`,
  pattern: (field: string, pattern: unknown, value: unknown) =>
    `${field} is ${describeValue(value)}, which does not match ${String(pattern)}.`,
  identifier: (field: string, kind: IdentifierKind, value: unknown) =>
    `${field} is ${describeValue(value)}, which is not ${IDENTIFIER_RULES[kind]}.`,
  impossibleDate: (field: string, value: unknown) =>
    `${field} is ${describeValue(value)}, which is not a real calendar date.`,
  duplicateItem: (field: string, value: unknown, first: string) =>
    `${field} repeats ${describeValue(value)}, already listed at ${first}.`,
  schemaInvalid: (field: string, keyword: string) =>
    `${field} breaks the schema rule "${keyword}".`,

  duplicatePrdId: (id: string, field: string, first: string) =>
    `${field} is ${id}, which already appears at ${first}; a PRD id is unique across prds, completed and abandoned.`,
  duplicateStoryId: (id: string, field: string, first: string) =>
    `${field} is ${id}, which already appears at ${first}; story ids are unique within a PRD.`,
  duplicateLock: (
    what: 'PRD' | 'session' | 'branch',
    value: string,
    field: string,
    first: string,
  ) => `${field} is ${value}, which ${first} already holds; there is one lock per ${what}.`,
  lockUnknownPrd: (field: string, id: string, elsewhere: 'completed' | 'abandoned' | undefined) =>
    elsewhere === undefined
      ? `${field} is ${id}, which is not in the registry's prds.`
      : `${field} is ${id}, which the registry lists as ${elsewhere}; a finished PRD holds no lock.`,
  lockPrdNotActive: (field: string, id: string, status: string) =>
    `${field} is ${id}, whose registry status is ${status}; a locked PRD is in_progress or blocked.`,
  inProgressWithoutLock: (field: string, id: string) =>
    `${field} is in_progress but no session holds a lock on ${id}; claim or resume it, or set it back to ready.`,
  unknownDependency: (field: string, id: string) =>
    `${field} is ${id}, which the registry does not know (not in prds, completed or abandoned).`,
  unknownConflictPrd: (field: string, id: string) =>
    `${field} is ${id}, which the registry does not know (not in prds, completed or abandoned).`,
  dependencyCycle: (field: string, cycle: readonly string[]) =>
    `${field} closes a dependency cycle: ${cycle.join(' → ')}; none of these PRDs can ever start.`,
  missingPrdFile: (field: string, path: string) => `${field} is ${path}, which does not exist.`,
  missingArchive: (field: string, path: string) =>
    `${field} is ${path}, which does not exist; the archived PRD is missing.`,
  missingLockPrdFile: (field: string, path: string) => `${field} is ${path}, which does not exist.`,
  storiesCompletedExceedsTotal: (field: string, completed: number, total: number) =>
    `${field} is ${completed}, more than stories.total (${total}).`,
  heartbeatBeforeClaim: (field: string, heartbeat: string, claimedAt: string) =>
    `${field} is ${heartbeat}, earlier than claimedAt (${claimedAt}).`,
  blockedWithoutReason: (field: string) =>
    `${field} must say why the lock is blocked (status is blocked).`,
  queuedWithoutTime: (field: string) =>
    `${field} is missing; a queued lock records when it joined the merge queue.`,
  multipleMerging: (field: string, first: string) =>
    `${field} is merging, but ${first} holds the merge slot; only its batch members (mergedBy naming it) merge beside it.`,
  memberWithoutHolder: (field: string, holder: string) =>
    `${field} is ${holder}, but that session does not hold the merge slot.`,
  unknownStory: (field: string, story: string, prdFile: string) =>
    `${field} is ${story}, which is not a story of ${prdFile}.`,
  prdIdMismatch: (id: string, fromFileName: boolean, registryField: string, registryId: string) =>
    `${fromFileName ? 'the file name gives the id' : 'id is'} ${id}, but the registry entry ${registryField} that points at this file is ${registryId}.`,
};
