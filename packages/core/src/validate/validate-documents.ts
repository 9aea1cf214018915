import type {
  CoordinationState,
  Diagnostic,
  LanesConfig,
  PrdFile,
  PrdRegistryDocument,
  RawDocuments,
  SessionLocksDocument,
} from '../types.js';
import { resolveConfig } from './config.js';
import { diagnostic } from './diagnostic.js';
import { checkInvariants } from './invariants/index.js';
import { parseJsonDocument } from './json.js';
import { messages } from './messages.js';
import { DOCUMENT_PATHS, isPrdDocumentPath } from './paths.js';
import { validatePrdFile } from './prd-file.js';
import { checkPrdRegistrySchema, checkSessionLocksSchema } from './schemas.js';

type Files = Readonly<Record<string, unknown>>;

export interface ValidationResult {
  /** Null when the locks or the registry are missing, unparseable or break their schema. */
  state: CoordinationState | null;
  problems: Diagnostic[];
  /**
   * docs/session-locks.json or docs/prd-registry.json exists (one without the other is
   * an initialized but broken state: a `missing-document` problem names the absent one).
   */
  initialized: boolean;
}

/**
 * Parses and checks every lanes document of one snapshot: the config, the locks, the
 * registry and the PRD files under docs/prds/ and docs/drafts/; then, when locks and
 * registry are sound, every invariant between them. Never throws.
 */
export function validateDocuments(raw: RawDocuments): ValidationResult {
  const files: Files = isRecord(raw) && isRecord(raw.files) ? raw.files : {};
  const initialized = exists(files, DOCUMENT_PATHS.locks) || exists(files, DOCUMENT_PATHS.registry);
  try {
    return { ...readSnapshot(files, knownPaths(raw)), initialized };
  } catch (error) {
    // Reaching this is a bug; the contract is still a diagnostic, never a stack trace.
    return {
      state: null,
      problems: [diagnostic('', '', 'internal-error', messages.internalError(error))],
      initialized,
    };
  }
}

function readSnapshot(
  files: Files,
  paths: readonly string[] | undefined,
): { state: CoordinationState | null; problems: Diagnostic[] } {
  const problems: Diagnostic[] = [];
  const config = readConfig(files, problems);
  const locks = readDocument<SessionLocksDocument>(
    files,
    DOCUMENT_PATHS.locks,
    checkSessionLocksSchema,
    problems,
  );
  const registry = readDocument<PrdRegistryDocument>(
    files,
    DOCUMENT_PATHS.registry,
    checkPrdRegistrySchema,
    problems,
  );
  const prds = readPrdFiles(files, problems);
  problems.push(...missingDocuments(files));
  if (locks === undefined || registry === undefined) return { state: null, problems };

  const state: CoordinationState = {
    ...config,
    locks,
    registry,
    prds,
    paths: paths ?? Object.keys(files).sort(),
  };
  // Files read from the snapshot exist even when a caller's path list forgot them.
  const existing = paths === undefined ? undefined : [...paths, ...Object.keys(files)];
  problems.push(...checkInvariants(state, existing === undefined ? {} : { paths: existing }));
  return { state, problems };
}

/** One of the two state documents without the other: lanes cannot tell who holds what. */
function missingDocuments(files: Files): Diagnostic[] {
  const pair = [DOCUMENT_PATHS.locks, DOCUMENT_PATHS.registry] as const;
  const present = pair.filter((path) => exists(files, path));
  if (present.length !== 1) return [];
  const missing = pair.find((path) => !exists(files, path))!;
  return [
    diagnostic(missing, '', 'missing-document', messages.missingDocument(missing, present[0]!)),
  ];
}

function readConfig(
  files: Files,
  problems: Diagnostic[],
): { config: LanesConfig; configFile?: string; projectJson?: Record<string, unknown> } {
  const file = [DOCUMENT_PATHS.projectJson, DOCUMENT_PATHS.docsProjectJson].find((path) =>
    exists(files, path),
  );
  const defaults = resolveConfig(undefined).config;
  if (file === undefined) return { config: defaults };
  const parsed = parseJsonDocument(file, files[file] as string);
  problems.push(...parsed.problems);
  if (parsed.problems.length > 0) return { config: defaults };
  if (!isRecord(parsed.value)) {
    problems.push(
      diagnostic(file, '', 'schema-type', messages.type('the document', 'object', parsed.value)),
    );
    return { config: defaults };
  }
  const resolved = resolveConfig(parsed.value.agents, file);
  problems.push(...resolved.problems);
  return { config: resolved.config, configFile: file, projectJson: parsed.value };
}

function readDocument<T>(
  files: Files,
  file: string,
  checkSchema: (file: string, value: unknown) => Diagnostic[],
  problems: Diagnostic[],
): T | undefined {
  if (!exists(files, file)) return undefined;
  const parsed = parseJsonDocument(file, files[file] as string);
  const found = parsed.problems.length > 0 ? parsed.problems : checkSchema(file, parsed.value);
  problems.push(...found);
  return found.length === 0 ? (parsed.value as T) : undefined;
}

function readPrdFiles(files: Files, problems: Diagnostic[]): Record<string, PrdFile> {
  const prds: Record<string, PrdFile> = {};
  for (const path of Object.keys(files).filter(isPrdDocumentPath).sort()) {
    const parsed = parseJsonDocument(path, files[path] as string);
    const found =
      parsed.problems.length > 0 ? parsed.problems : validatePrdFile(path, parsed.value);
    problems.push(...found);
    if (found.length === 0) prds[path] = parsed.value as PrdFile;
  }
  return prds;
}

function knownPaths(raw: RawDocuments): readonly string[] | undefined {
  if (!isRecord(raw) || !Array.isArray(raw.paths)) return undefined;
  return raw.paths.filter((path): path is string => typeof path === 'string');
}

function exists(files: Files, path: string): boolean {
  return Object.hasOwn(files, path);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
