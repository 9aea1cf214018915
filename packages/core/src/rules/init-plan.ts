import { LanesError } from '../errors.js';
import type { Diagnostic, LanesConfig, RawDocuments } from '../types.js';
import { resolveConfig } from '../validate/config.js';
import { parseJsonDocument, serializeDocument, serializeLike } from '../validate/json.js';
import { DOCUMENT_PATHS } from '../validate/paths.js';
import { setupForLockfile, type SetupProposal } from './setup-for-lockfile.js';

// What `lanes init` writes on the coordination branch, as a pure function of what is
// there already: only what is missing, so a second run writes nothing.

/** Folders of FORMATS.md; git keeps no empty folder, so an empty one gets a `.gitkeep`. */
const SKELETON_FOLDERS = ['docs/prds', 'docs/drafts', 'docs/completed', 'docs/abandoned'];
export const AGENT_GUIDE_PATH = 'docs/lanes-agents.md';

export interface InitInput {
  raw: RawDocuments;
  /** Problems of the documents as they are (validateDocuments). */
  problems: readonly Diagnostic[];
  remote: string;
  branch: string;
  /** The agent guide to write when the repository has none. */
  agentGuide: string;
  /**
   * The names at the working tree's root and package.json's packageManager: a lockfile
   * there proposes `mergeQueue.setup`; package.json's test script proposes `qualityCheck`.
   */
  project?: {
    files: readonly string[];
    packageManager?: string | undefined;
    testScript?: string | undefined;
  };
}

export interface InitPlan {
  writes: { path: string; content: string }[];
  /** The file holding the `agents` section: project.json, or docs/project.json when only that exists. */
  configFile: string;
  config: LanesConfig;
  /** The `mergeQueue.setup` this plan writes, proposed from a lockfile; null when none. */
  setupProposed: SetupProposal | null;
  /** The `mergeQueue.qualityCheck` this plan writes, proposed from package.json's test script; null when none. */
  checkProposed: CheckProposal | null;
}

export interface CheckProposal {
  qualityCheck: string;
  /** package.json's `scripts.test` that it runs. */
  script: string;
}

export function planInit(input: InitInput): InitPlan {
  const { raw, remote, branch } = input;
  // A missing locks or registry file is what init writes (empty); the transaction's
  // validation still refuses when the registry has PRDs in progress that need their locks.
  const problems = input.problems.filter((problem) => problem.code !== 'missing-document');
  if (problems.length > 0) throw brokenDocuments(problems, branch);

  const has = (path: string) => Object.hasOwn(raw.files, path);
  const paths = new Set([...(raw.paths ?? []), ...Object.keys(raw.files)]);
  const writes: InitPlan['writes'] = [];

  const configFile = [DOCUMENT_PATHS.projectJson, DOCUMENT_PATHS.docsProjectJson].find(has);
  const file = configFile ?? DOCUMENT_PATHS.projectJson;
  const text = configFile === undefined ? undefined : raw.files[configFile]!;
  const project = text === undefined ? {} : projectObject(file, text);
  const proposal = input.project ? setupForLockfile(input.project) : null;
  const check = proposeCheck(input.project, proposal);
  const agents = agentsSection(project.agents, remote, branch, proposal?.setup, check);
  const setupProposed =
    proposal !== null && mergeQueueSetup(agents) !== mergeQueueSetup(project.agents)
      ? proposal
      : null;
  // Only a new section gets the check: an existing one without it may mean "none".
  const checkProposed = isRecord(project.agents) ? null : check;
  if (JSON.stringify(agents) !== JSON.stringify(project.agents)) {
    // Assigning an existing key keeps its place: the rest of the file stays as it was.
    const next = { ...project };
    next.agents = agents;
    // In the file's own style: the rewrite changes only `agents`.
    writes.push({ path: file, content: serializeLike(next, text) });
  }

  if (!has(DOCUMENT_PATHS.locks)) {
    writes.push({ path: DOCUMENT_PATHS.locks, content: serializeDocument({ sessions: [] }) });
  }
  if (!has(DOCUMENT_PATHS.registry)) {
    writes.push({
      path: DOCUMENT_PATHS.registry,
      content: serializeDocument({ version: '1.0', prds: [], completed: [], abandoned: [] }),
    });
  }
  for (const folder of SKELETON_FOLDERS) {
    if (![...paths].some((path) => path.startsWith(`${folder}/`))) {
      writes.push({ path: `${folder}/.gitkeep`, content: '' });
    }
  }
  if (!paths.has(AGENT_GUIDE_PATH)) {
    writes.push({ path: AGENT_GUIDE_PATH, content: input.agentGuide });
  }

  const resolved = resolveConfig(agents, file);
  if (resolved.problems.length > 0) throw brokenDocuments(resolved.problems, branch);
  return { writes, configFile: file, config: resolved.config, setupProposed, checkProposed };
}

/** npm init's placeholder test script, which only fails. */
const PLACEHOLDER_TEST = /no test specified/;

/**
 * The project's own test suite as the release's quality check, run by the package
 * manager whose lockfile is there (else package.json's packageManager, else npm).
 */
function proposeCheck(
  project: InitInput['project'],
  setup: SetupProposal | null,
): CheckProposal | null {
  const script = project?.testScript?.trim();
  if (!script || PLACEHOLDER_TEST.test(script)) return null;
  const declared = project?.packageManager?.split('@')[0];
  const manager = setup?.manager ?? (declared === 'pnpm' || declared === 'yarn' ? declared : 'npm');
  return { qualityCheck: `${manager} test`, script };
}

/** Lock files of the package managers; one of them changes with package.json. */
export const LOCK_FILES = [
  'package-lock.json',
  'npm-shrinkwrap.json',
  'pnpm-lock.yaml',
  'yarn.lock',
  'bun.lock',
];

/** Whether a package.json names @lanes/cli among its dependencies (of any kind). */
export function addsLanes(manifest: string): boolean {
  return lanesSpec(manifest) !== null;
}

/**
 * The tarball inside the repository that package.json installs @lanes/cli from
 * (`file:vendor/lanes-cli-0.1.0.tgz`): every clone and every release worktree needs it,
 * so it is committed with package.json. null for a registry version or a file outside.
 */
export function lanesTarball(manifest: string): string | null {
  const spec = lanesSpec(manifest);
  if (spec === null || !spec.startsWith('file:') || !spec.endsWith('.tgz')) return null;
  return insideRepository(spec.slice('file:'.length));
}

/** A relative path without `.` and `..` steps; null when it is absolute or leaves the root. */
function insideRepository(path: string): string | null {
  if (path.startsWith('/')) return null;
  const steps: string[] = [];
  for (const step of path.split('/')) {
    if (step === '' || step === '.') continue;
    if (step !== '..') steps.push(step);
    else if (steps.pop() === undefined) return null;
  }
  return steps.length === 0 ? null : steps.join('/');
}

function lanesSpec(manifest: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(manifest);
  } catch {
    return null;
  }
  if (!isRecord(parsed)) return null;
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    const deps = parsed[field];
    if (isRecord(deps) && Object.hasOwn(deps, '@lanes/cli')) {
      const spec = deps['@lanes/cli'];
      return typeof spec === 'string' ? spec : '';
    }
  }
  return null;
}

/**
 * The `agents` section init writes. A repository without one gets the defaults, with
 * the proposed setup and quality check; an existing one keeps every choice made in it: coordination is switched on and pointed
 * here, and a missing `mergeQueue.setup` gets the proposed one (a setup that is there is
 * never replaced; an empty one is refused by the schema, not repaired).
 */
function agentsSection(
  existing: unknown,
  remote: string,
  branch: string,
  setup: string | undefined,
  check: CheckProposal | null,
): Record<string, unknown> {
  if (!isRecord(existing)) {
    return {
      multiSession: true,
      heartbeatTimeoutMinutes: 10,
      coordination: { remote, branch, heartbeatIntervalSeconds: 60, prePush: 'block', shared: [] },
      // The release worktree is a clean checkout: with a lockfile, dependencies are installed there first.
      mergeQueue: {
        strategy: 'merge',
        ...(setup ? { setup } : {}),
        ...(check ? { qualityCheck: check.qualityCheck } : {}),
        attempts: 3,
        deleteOnComplete: true,
      },
    };
  }
  const coordination = isRecord(existing.coordination) ? existing.coordination : {};
  const next: Record<string, unknown> = { ...existing, multiSession: true };
  next.coordination = { ...coordination, remote, branch };
  const queue = next.mergeQueue;
  if (setup === undefined || (queue !== undefined && !isRecord(queue))) return next;
  if (isRecord(queue) && Object.hasOwn(queue, 'setup')) return next;
  return { ...next, mergeQueue: { ...queue, setup } };
}

function mergeQueueSetup(agents: unknown): unknown {
  return isRecord(agents) && isRecord(agents.mergeQueue) ? agents.mergeQueue.setup : undefined;
}

function projectObject(file: string, text: string): Record<string, unknown> {
  const parsed = parseJsonDocument(file, text);
  if (parsed.problems.length === 0 && isRecord(parsed.value)) return parsed.value;
  throw brokenDocuments(
    parsed.problems.length > 0
      ? parsed.problems
      : [{ file, pointer: '', code: 'schema-type', message: `${file} must hold a JSON object` }],
    undefined,
  );
}

function brokenDocuments(problems: readonly Diagnostic[], branch: string | undefined): LanesError {
  const first = problems[0]!;
  return new LanesError(
    'E_INVALID_STATE',
    `cannot initialize: ${first.file}${first.pointer ? ` ${first.pointer}` : ''}: ${first.message}`,
    {
      hint: `lanes never rewrites a file it cannot read; fix it with a commit${branch ? ` to ${branch}` : ''} ('lanes validate' lists every problem), then run lanes init again`,
      details: { problems: [...problems] },
    },
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
