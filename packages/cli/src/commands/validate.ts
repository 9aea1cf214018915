import { LanesError, validateDocuments, type Diagnostic, type RawDocuments } from '@lanes/core';
import {
  openRepository,
  readDocumentsAt,
  readState,
  readWorktreeDocuments,
  openWorkspace,
} from '@lanes/git';
import type { Command } from '../command.js';
import type { CliContext } from '../context.js';
import { renderProblems } from '../render/problems.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check schemas and invariants of the lanes documents',
  usage: 'validate [--ref <ref> | --worktree]',
  maxPositionals: 0,
  options: {
    ref: { type: 'string', valueName: 'ref', description: 'validate the documents at this ref' },
    worktree: { type: 'boolean', description: 'validate the files in the working tree' },
  },
  async run(ctx, { values }) {
    if (values.ref !== undefined && values.worktree) {
      throw new LanesError('E_USAGE', 'validate: --ref and --worktree exclude each other');
    }
    const { source, problems } = await collectProblems(
      ctx,
      values.ref as string | undefined,
      values.worktree === true,
    );
    const ok = problems.length === 0;
    return {
      data: { ok, source, problems },
      text: ok
        ? `ok: the lanes documents at ${source} are valid`
        : renderProblems(problems, source),
      exitCode: ok ? 0 : 4,
    };
  },
};

async function collectProblems(
  ctx: CliContext,
  ref: string | undefined,
  worktree: boolean,
): Promise<{ source: string; problems: Diagnostic[] }> {
  const repo = await openRepository(ctx.cwd);
  if (worktree) return check('the working tree', await readWorktreeDocuments(repo.root));
  if (ref !== undefined) return check(ref, await readDocumentsAt(repo, ref));
  // Where `lanes init` recorded the state (a dedicated branch is not in main's files).
  const { coords } = await openWorkspace(ctx);
  const snapshot = await readState(repo, coords, { offline: ctx.offline });
  if (snapshot.offline)
    ctx.note(`note: offline, using the last fetched ${coords.remote}/${coords.branch}`);
  const source = `${coords.remote}/${coords.branch}`;
  if (!snapshot.initialized) throw notInitialized(source);
  return { source, problems: snapshot.problems };
}

function check(source: string, raw: RawDocuments): { source: string; problems: Diagnostic[] } {
  const result = validateDocuments(raw);
  if (!result.initialized) throw notInitialized(source);
  return { source, problems: result.problems };
}

function notInitialized(source: string): LanesError {
  return new LanesError('E_NOT_INITIALIZED', `no lanes documents at ${source}`, {
    hint: "run 'lanes init' to turn coordination on",
  });
}
