import { LanesError } from '../errors.js';
import type { PrdFile, Priority, RegistryEntry } from '../types.js';
import { findEntry } from './availability.js';
import { conflictsWithFromPaths } from './conflicts-write.js';
import { branchForPrd, isPrdId, isValidBranchName } from './ids.js';
import { serializeDocument } from '../validate/json.js';
import { unknownPrd } from './refusals.js';
import { replaceEntry, unchanged, type StateChange, type TransitionState } from './state-change.js';

export interface RegisterPrdInput {
  /** `paths`: every file under docs/ on the coordination branch, when known. */
  state: TransitionState & { paths?: readonly string[] };
  prd: PrdFile;
  /** The file's name, for a PRD without `id` (FORMATS.md: the id defaults to it). */
  fileName?: string;
  ready: boolean;
  priority?: Priority;
}

function idOf(prd: PrdFile, fileName: string | undefined): string {
  const fromName = fileName
    ?.split('/')
    .pop()
    ?.replace(/\.json$/, '');
  const id = prd.id ?? fromName ?? '';
  if (isPrdId(id)) return id;
  throw new LanesError(
    'E_USAGE',
    `${fileName ?? 'the PRD'}: id '${id}' is not a PRD id (prd-<slug>, lowercase, at most 64 characters)`,
    { details: { file: fileName, pointer: prd.id === undefined ? '' : '/id' } },
  );
}

/**
 * `lanes prd add`: a registry entry for a PRD file, as a draft or ready, with its
 * conflict analysis from declared paths, and the file written to `path` (its `id`
 * filled in). Refuses a file of that id on the branch that no entry names.
 */
export function applyRegisterPrd(
  input: RegisterPrdInput,
): StateChange & { entry: RegistryEntry; path: string; prd: PrdFile } {
  const { state } = input;
  const id = idOf(input.prd, input.fileName);
  const known = [
    ...state.registry.prds.map((entry) => entry.id),
    ...state.registry.completed.map((entry) => entry.id),
    ...state.registry.abandoned.map((entry) => entry.id),
  ];
  if (known.includes(id)) {
    throw new LanesError('E_USAGE', `${id} is already registered`, {
      hint: 'ids are unique across open, completed and abandoned PRDs; pick a new id',
      details: { prdId: id },
    });
  }
  const unknownDependencies = (input.prd.dependsOn ?? []).filter((dep) => !known.includes(dep));
  if (unknownDependencies.length > 0) {
    throw new LanesError(
      'E_USAGE',
      `${id} depends on unknown PRDs: ${unknownDependencies.join(', ')}`,
      {
        hint: 'register those first, or fix `dependsOn`',
        details: { prdId: id, pointer: '/dependsOn', missing: unknownDependencies },
      },
    );
  }
  assertFileFree(state.paths ?? [], id);
  const path = `docs/${input.ready ? 'prds' : 'drafts'}/${id}.json`;
  const entry: RegistryEntry = {
    id,
    title: input.prd.title,
    status: input.ready ? 'ready' : 'draft',
    priority: input.priority ?? 'medium',
    file: path,
    ...(input.prd.branchName === undefined ? {} : { branchName: input.prd.branchName }),
    ...(input.prd.dependsOn === undefined ? {} : { dependsOn: [...input.prd.dependsOn] }),
    ...(input.prd.touches === undefined ? {} : { touches: [...input.prd.touches] }),
    stories: {
      total: input.prd.userStories.length,
      completed: input.prd.userStories.filter((story) => story.passes === true).length,
    },
  };
  const branch = branchForPrd(entry);
  if (!isValidBranchName(branch)) {
    throw new LanesError(
      'E_USAGE',
      `${id}: branchName '${branch}' is not a valid git branch name`,
      {
        details: { prdId: id, pointer: '/branchName' },
      },
    );
  }
  const withEntry = { ...state.registry, prds: [...state.registry.prds, entry] };
  const { registry } = conflictsWithFromPaths({ config: state.config, registry: withEntry });
  const prd = { ...input.prd, id };
  return {
    locks: state.locks,
    registry,
    files: [{ kind: 'write', path, content: serializeDocument(prd) }],
    entry: findEntry(registry, id) ?? entry,
    path,
    prd,
  };
}

/** A PRD or draft file of this id that no registry entry names (left by hand, or half removed). */
function assertFileFree(paths: readonly string[], id: string): void {
  const taken = ['prds', 'drafts']
    .map((folder) => `docs/${folder}/${id}.json`)
    .find((path) => paths.includes(path));
  if (taken === undefined) return;
  throw new LanesError(
    'E_USAGE',
    `${taken} already exists on the coordination branch, but ${id} is not registered`,
    {
      hint: 'remove or rename that file with a commit, or give this PRD another id',
      details: { prdId: id, file: taken },
    },
  );
}

/**
 * `lanes prd ready`: a draft moves from docs/drafts/ to docs/prds/ and becomes
 * claimable. Already ready: nothing changes.
 */
export function applyPrdReady(input: {
  state: TransitionState;
  prdId: string;
}): StateChange & { changed: boolean } {
  const { state, prdId } = input;
  const entry = findEntry(state.registry, prdId);
  if (entry === undefined) throw unknownPrd(state.registry, prdId);
  if (entry.status === 'ready') return { ...unchanged(state), changed: false };
  if (entry.status !== 'draft') {
    throw new LanesError('E_USAGE', `${prdId} is ${entry.status}, not a draft`, {
      details: { prdId, status: entry.status },
    });
  }
  const name = entry.file.split('/').pop() ?? `${prdId}.json`;
  const file = `docs/prds/${name}`;
  return {
    locks: state.locks,
    registry: replaceEntry(state.registry, prdId, (current) => ({
      ...current,
      status: 'ready',
      file,
    })),
    files: entry.file === file ? [] : [{ kind: 'move', from: entry.file, to: file }],
    changed: true,
  };
}
