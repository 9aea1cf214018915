// Small in-memory variations of a valid snapshot: each test breaks one thing and
// asserts exactly which {file, pointer, code} comes out.
import { serializeDocument } from '../../src/validate/json.js';
import { pointerSegments } from '../../src/validate/pointer.js';
import type { Diagnostic, RawDocuments } from '../../src/types.js';
import { FIXTURES, readRepoTree } from './repo-tree.js';

export const LOCKS = 'docs/session-locks.json';
export const REGISTRY = 'docs/prd-registry.json';
export const PRINT_PRD = 'docs/prds/prd-print-templates.json';
export const SEARCH_PRD = 'docs/prds/prd-search.json';

const formatsRepo = readRepoTree(`${FIXTURES}formats-repo`);

/** The FORMATS.md example as a whole repository snapshot (a fresh copy). */
export function validSnapshot(): RawDocuments {
  return structuredClone(formatsRepo);
}

export type Edit =
  | { kind: 'set'; file: string; pointer: string; value: unknown }
  | { kind: 'remove'; file: string; pointer: string }
  | { kind: 'file'; file: string; text: string | undefined };

/** Sets the value at a JSON pointer; a last segment `-` appends to an array. */
export const set = (file: string, pointer: string, value: unknown): Edit => ({
  kind: 'set',
  file,
  pointer,
  value,
});
export const remove = (file: string, pointer: string): Edit => ({ kind: 'remove', file, pointer });
/** Replaces a file's text (and lists it in paths), or deletes it with `undefined`. */
export const file = (path: string, text: string | undefined): Edit => ({
  kind: 'file',
  file: path,
  text,
});

export function withEdits(raw: RawDocuments, ...edits: Edit[]): RawDocuments {
  const files = { ...raw.files };
  let paths = raw.paths === undefined ? undefined : [...raw.paths];
  for (const edit of edits) {
    if (edit.kind === 'file') {
      if (edit.text === undefined) {
        delete files[edit.file];
        paths = paths?.filter((p) => p !== edit.file);
      } else {
        files[edit.file] = edit.text;
        if (paths !== undefined && !paths.includes(edit.file)) paths.push(edit.file);
      }
      continue;
    }
    const document = JSON.parse(files[edit.file]!) as unknown;
    const segments = pointerSegments(edit.pointer);
    const last = segments.pop()!;
    let parent = document as Record<string, unknown>;
    for (const segment of segments) parent = parent[segment] as Record<string, unknown>;
    if (edit.kind === 'remove') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else if (Array.isArray(parent) && last === '-') {
      parent.push(edit.value);
    } else {
      parent[last] = edit.value;
    }
    files[edit.file] = serializeDocument(document);
  }
  return paths === undefined ? { files } : { files, paths };
}

/** Drops `message` (and line/column) so tests compare what is stable. */
export function where(
  problems: readonly Diagnostic[],
): { file: string; pointer: string; code: string }[] {
  return problems.map(({ file, pointer, code }) => ({ file, pointer, code }));
}

/** A second PRD in progress, held by another session: lets tests make locks collide. */
export function withSecondClaim(raw: RawDocuments): RawDocuments {
  return withEdits(
    raw,
    file(
      SEARCH_PRD,
      serializeDocument({
        id: 'prd-search',
        title: 'Search',
        userStories: [
          { id: 'US-001', title: 'Search box', passes: false },
          { id: 'US-002', title: 'Results page', passes: false },
        ],
      }),
    ),
    set(REGISTRY, '/prds/-', {
      id: 'prd-search',
      title: 'Search',
      status: 'in_progress',
      priority: 'medium',
      file: SEARCH_PRD,
      dependsOn: [],
      touches: ['src/search/**'],
      stories: { total: 2, completed: 0 },
    }),
    set(LOCKS, '/sessions/-', {
      sessionId: 'reviewer-0a1b2c',
      prdId: 'prd-search',
      prdFile: SEARCH_PRD,
      branch: 'feature/search',
      claimedAt: '2026-02-19T16:00:00Z',
      heartbeat: '2026-02-19T17:05:00+01:00',
      status: 'in_progress',
    }),
  );
}
