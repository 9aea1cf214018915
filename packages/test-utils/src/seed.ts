import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { Sandbox } from './sandbox.js';

// Puts a ready-made lanes state on the remote's coordination branch, so a scenario
// test can start from "two sessions active, one stale" without driving every command
// that leads there. Shaped like core's CoordinationState (e.g. from buildState), but
// typed loosely so test-utils needs no dependency on core.

export interface SeedState {
  config: unknown;
  locks: unknown;
  registry: {
    completed?: readonly { id: string; archivedTo: string }[];
    abandoned?: readonly { id: string; archivedTo: string; reason?: string }[];
  };
  /** PRD files by path (docs/prds/…, docs/drafts/…). */
  prds: Record<string, unknown>;
}

export interface SeedOptions {
  /** Coordination branch to commit to (default main). */
  branch?: string;
  /** Other fields of project.json, kept beside `agents`. */
  project?: Record<string, unknown>;
  message?: string;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** The files of a state, by path. */
export function seedFiles(state: SeedState, options: SeedOptions = {}): Record<string, string> {
  const files: Record<string, string> = {
    'project.json': json({ ...(options.project ?? { name: 'sandbox' }), agents: state.config }),
    'docs/session-locks.json': json(state.locks),
    'docs/prd-registry.json': json(state.registry),
  };
  for (const [path, prd] of Object.entries(state.prds)) files[path] = json(prd);
  for (const done of state.registry.completed ?? []) {
    files[done.archivedTo] = json({ id: done.id, title: done.id, userStories: [] });
  }
  for (const gone of state.registry.abandoned ?? []) {
    files[`${gone.archivedTo}${gone.id}.json`] = json({
      id: gone.id,
      title: gone.id,
      userStories: [],
    });
    files[`${gone.archivedTo}reason.md`] = `# ${gone.id}\n\n${gone.reason ?? 'abandoned'}\n`;
  }
  return files;
}

/**
 * Commits the state's files in `clone` on the coordination branch and pushes it to
 * the remote. Returns the pushed commit. The clone is left on that branch.
 */
export async function seedState(
  sandbox: Sandbox,
  clone: string,
  state: SeedState,
  options: SeedOptions = {},
): Promise<string> {
  const branch = options.branch ?? 'main';
  const current = await sandbox.git(clone, 'branch', '--show-current');
  if (current !== branch) {
    const exists = await sandbox.gitResult(
      clone,
      'rev-parse',
      '--verify',
      '-q',
      `origin/${branch}`,
    );
    if (exists.exitCode === 0)
      await sandbox.git(clone, 'switch', '-q', '-C', branch, `origin/${branch}`);
    else await sandbox.git(clone, 'switch', '-q', '-c', branch);
  }
  for (const dir of ['prds', 'drafts', 'completed', 'abandoned']) {
    await mkdir(join(clone, 'docs', dir), { recursive: true });
  }
  const sha = await sandbox.commit(
    clone,
    options.message ?? 'chore: seed lanes state',
    seedFiles(state, options),
  );
  await sandbox.git(clone, 'push', '-q', 'origin', `HEAD:refs/heads/${branch}`);
  return sha;
}
