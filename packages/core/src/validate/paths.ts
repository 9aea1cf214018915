export const DOCUMENT_PATHS = {
  locks: 'docs/session-locks.json',
  registry: 'docs/prd-registry.json',
  projectJson: 'project.json',
  docsProjectJson: 'docs/project.json',
} as const;

/** The files whose presence says a branch holds lanes state (init and the resolver agree). */
export const STATE_MARKERS = [DOCUMENT_PATHS.locks, DOCUMENT_PATHS.registry] as const;

/** A branch with these paths holds lanes state: its locks or its registry. */
export function holdsLanesState(paths: Iterable<string>): boolean {
  const present = new Set(paths);
  return STATE_MARKERS.some((marker) => present.has(marker));
}

/** PRD files lanes reads with the state: direct children of docs/prds/ and docs/drafts/. */
export function isPrdDocumentPath(path: string): boolean {
  return /^docs\/(?:prds|drafts)\/[^/]+\.json$/.test(path);
}

/** `docs/prds/prd-x.json` → `prd-x`: a PRD file's id when it names none. */
export function idFromFileName(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name.endsWith('.json') ? name.slice(0, -'.json'.length) : name;
}
