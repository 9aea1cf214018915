import {
  validateDocuments,
  type CoordinationState,
  type Diagnostic,
  type RawDocuments,
} from '@lanes/core';
import { EMPTY_DOCUMENTS } from './document-paths.js';
import { readCommitWithTrees, readDocumentsInTree } from './documents.js';
import { openObjectReader, type ObjectReader } from './object-reader.js';
import { fetchRefs } from './remote-ops.js';
import { assertBranchName, assertRemoteName, coordinationRef } from './refs.js';
import type { Repository } from './repository.js';
import { recordTracking } from './workspace/tracking.js';

export interface Coordinates {
  remote: string;
  branch: string;
}

export interface Snapshot {
  /** The remote branch's commit that was read; null when the branch does not exist there. */
  tip: string | null;
  raw: RawDocuments;
  state: CoordinationState | null;
  problems: Diagnostic[];
  initialized: boolean;
  /** True when this is the last fetched state, not a fresh fetch. */
  offline: boolean;
}

/** A snapshot plus what a transaction builds on. */
export interface LoadedState {
  snapshot: Snapshot;
  /** The tree the documents were read from (null: none). */
  tree: string | null;
  /** The parents a new commit gets: the tip, or `createFrom`'s tip for a new branch. */
  parents: string[];
}

/**
 * The coordination state at the remote tip: one fetch into a private ref (never
 * refs/remotes/*, never the worktree), then one `cat-file --batch` for every tree and
 * document. The private ref stays, so `offline: true` reads the last fetched state.
 */
export async function readState(
  repo: Repository,
  coords: Coordinates,
  options: { offline?: boolean } = {},
): Promise<Snapshot> {
  const loaded = await loadState(repo, coords, { offline: options.offline === true });
  loaded.reader.close();
  return loaded.snapshot;
}

/**
 * Fetches (unless offline), then reads with a cat-file process started after the
 * fetch, which the caller closes (a transaction keeps it to rebuild trees).
 */
export async function loadState(
  repo: Repository,
  coords: Coordinates,
  options: { offline: boolean; createFrom?: string },
): Promise<LoadedState & { reader: ObjectReader }> {
  assertRemoteName(coords.remote);
  assertBranchName(coords.branch);
  // The private ref holding the commit to read (null: nothing to read); off the branch
  // when the branch is absent and this is its starting point.
  let source: string | null = coordinationRef(coords.remote, coords.branch);
  let onBranch = true;
  if (!options.offline && (await fetchBranch(repo, coords.remote, coords.branch)) !== 'ok') {
    await repo.git.run(['update-ref', '-d', source]);
    source = await startingPoint(repo, coords, options.createFrom);
    onBranch = false;
  }
  const reader = openObjectReader(repo.git);
  try {
    const commit = source === null ? null : await readCommitWithTrees(reader, source);
    if (!commit) {
      const snapshot = snapshotOf(null, EMPTY_DOCUMENTS, options.offline);
      return { snapshot, tree: null, parents: [], reader };
    }
    const raw = await readDocumentsInTree(reader, commit.tree);
    const snapshot = snapshotOf(onBranch ? commit.sha : null, raw, options.offline);
    return { snapshot, tree: commit.tree, parents: [commit.sha], reader };
  } catch (error) {
    reader.close();
    throw error;
  }
}

/**
 * Whether the remote has `branch`, by fetching it (into lanes' private ref, and git's
 * remote-tracking ref, so the next look needs no network). A remote out of reach is a no.
 */
export async function remoteHasBranch(
  repo: Repository,
  remote: string,
  branch: string,
): Promise<boolean> {
  assertRemoteName(remote);
  assertBranchName(branch);
  return (await fetchBranch(repo, remote, branch).catch(() => 'unreachable')) === 'ok';
}

async function fetchBranch(repo: Repository, remote: string, branch: string) {
  const ref = coordinationRef(remote, branch);
  const outcome = await fetchRefs(repo, remote, [`+refs/heads/${branch}:${ref}`]);
  // The coordination branch only ever moves forward: git's view of it can follow.
  await recordTracking(repo, remote, branch, outcome === 'ok' ? ref : null);
  return outcome;
}

/** The branch is absent: a new one starts from `createFrom` (documents and parent), or from nothing. */
async function startingPoint(
  repo: Repository,
  coords: Coordinates,
  createFrom: string | undefined,
): Promise<string | null> {
  if (createFrom === undefined || createFrom === coords.branch) return null;
  assertBranchName(createFrom);
  const outcome = await fetchBranch(repo, coords.remote, createFrom);
  return outcome === 'ok' ? coordinationRef(coords.remote, createFrom) : null;
}

export function snapshotOf(tip: string | null, raw: RawDocuments, offline: boolean): Snapshot {
  const { state, problems, initialized } = validateDocuments(raw);
  return { tip, raw, state, problems, initialized, offline };
}
