import { readFile, realpath, rm } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import {
  applyRegisterPrd,
  LanesError,
  parseJsonDocument,
  unmetDependencies,
  validatePrdFile,
  type Diagnostic,
  type PrdFile,
  type Priority,
} from '@lanes/core';
import {
  isUntrackedFile,
  commitTransition,
  openWorkspace,
  syncLocalCheckout,
  type Workspace,
} from '@lanes/git';
import type { Command } from '../command.js';
import { renderPrdAdded } from '../render/prd.js';
import type { PrdAddResult } from '../results.js';

const PRIORITIES: readonly Priority[] = ['critical', 'high', 'medium', 'low'];

export const prdAddCommand: Command = {
  name: 'prd add',
  summary: 'validate and register a PRD file',
  usage: 'prd add <file> [--ready]',
  options: {
    ready: { type: 'boolean', description: 'register it ready to claim (default: a draft)' },
    priority: {
      type: 'string',
      valueName: 'level',
      description: 'critical, high, medium (default) or low',
    },
  },
  maxPositionals: 1,
  async run(ctx, { values, positionals }) {
    const argument = positionals[0];
    if (argument === undefined) {
      throw new LanesError('E_USAGE', 'prd add: <file> is required', {
        hint: 'usage: lanes prd add <file> [--ready]',
      });
    }
    const given = resolve(ctx.cwd, argument);
    const prd = await readPrdFile(given, argument);
    const priority = priorityOf(values.priority, prd);
    const ready = values.ready === true;

    const ws = await openWorkspace(ctx);
    const { result, commit } = await commitTransition(
      ctx,
      ws,
      (state) =>
        applyRegisterPrd({
          state,
          prd,
          fileName: argument,
          ready,
          ...(priority === undefined ? {} : { priority }),
        }),
      (change) => `chore: register ${change.entry.id}`,
    );
    const removedCopy = await removeRegisteredCopy(ws, given, result.path);
    await syncLocalCheckout(ws, commit);

    const { entry } = result;
    const data: PrdAddResult = {
      prdId: entry.id,
      title: entry.title,
      status: entry.status,
      file: entry.file,
      priority: entry.priority ?? 'medium',
      dependsOn: entry.dependsOn ?? [],
      unmetDependencies: unmetDependencies(result.registry, entry),
      touches: entry.touches ?? [],
      stories: entry.stories ?? { total: prd.userStories.length, completed: 0 },
      conflictsWith: entry.conflictsWith ?? [],
      commit,
      removedCopy,
    };
    return { data, text: renderPrdAdded(data, { color: ctx.color }) };
  },
};

/**
 * Removes the given file when it is untracked at the path the PRD was registered at: the
 * coordination branch has it (fetching or switching brings it back, tracked), and an
 * untracked copy there makes git refuse every checkout of a branch that has the file.
 */
async function removeRegisteredCopy(
  ws: Workspace,
  given: string,
  registered: string,
): Promise<string | null> {
  const [root, file] = await Promise.all([realpath(ws.repo.root), realpath(given)]);
  const path = relative(root, file).split(sep).join('/');
  if (path !== registered || !(await isUntrackedFile(ws.repo.git, path))) return null;
  await rm(file);
  return path;
}

/** The PRD file as given, checked against its schema; problems name the file and the field. */
async function readPrdFile(path: string, label: string): Promise<PrdFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LanesError(
      'E_USAGE',
      code === 'ENOENT'
        ? `${label}: no such file`
        : code === 'EISDIR'
          ? `${label} is a folder, not a PRD file`
          : `${label}: cannot read it (${code ?? 'unknown error'})`,
      { hint: 'usage: lanes prd add <file> [--ready]' },
    );
  }
  const parsed = parseJsonDocument(label, text);
  const problems =
    parsed.problems.length > 0 ? parsed.problems : validatePrdFile(label, parsed.value);
  if (problems.length > 0) throw invalidPrd(label, problems);
  return parsed.value as PrdFile;
}

function invalidPrd(label: string, problems: Diagnostic[]): LanesError {
  const first = problems[0]!;
  const where =
    first.line === undefined
      ? first.pointer || 'the document'
      : `line ${first.line}, column ${first.column}`;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new LanesError(
    'E_INVALID_STATE',
    `${label} is not a valid PRD file: at ${where}: ${first.message}${more}`,
    {
      hint: 'FORMATS.md "PRD file" describes the format; nothing was registered',
      details: { file: label, problems },
    },
  );
}

/** `--priority`, else a `priority` the PRD file carries (PRD tools add one), else the default. */
function priorityOf(flag: unknown, prd: PrdFile): Priority | undefined {
  if (typeof flag === 'string') {
    if ((PRIORITIES as readonly string[]).includes(flag)) return flag as Priority;
    throw new LanesError('E_USAGE', `--priority: '${flag}' is not a priority`, {
      hint: `use one of ${PRIORITIES.join(', ')}`,
    });
  }
  const own = prd.priority;
  return typeof own === 'string' && (PRIORITIES as readonly string[]).includes(own)
    ? (own as Priority)
    : undefined;
}
