import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  LANES_EVENTS,
  LanesError,
  serializeLike,
  withAgentsBlock,
  withLanesHooks,
  withoutAgentsBlock,
  withoutLanesHooks,
  type ClaudeSettings,
} from '@lanes/core';
import { openRepository } from '@lanes/git';
import type { Command } from '../command.js';
import type { CliContext } from '../context.js';
import { lanesBinPath } from '../lanes-bin.js';
import { renderSetup } from '../render/setup.js';
import { lanesCommand, projectRelativeBin } from '../setup/lanes-command.js';
import type { SetupResult } from '../results.js';

async function readOptional(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
}

/** Writes `next` (null: deletes the file) unless it is what is there already. */
async function update(path: string, before: string | undefined, next: string | null) {
  if (next === (before ?? null)) return false;
  if (next === null) await rm(path, { force: true });
  else {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, next);
  }
  return true;
}

function parseSettings(text: string, file: string): ClaudeSettings {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new LanesError('E_USAGE', `${file}: not valid JSON (${(error as Error).message})`, {
      hint: 'fix the file by hand, then run lanes setup claude again; nothing was changed',
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LanesError('E_USAGE', `${file}: the settings must be a JSON object`, {
      hint: 'nothing was changed',
    });
  }
  return value as ClaudeSettings;
}

/** What `lanes setup <runtime>` writes, and where. */
interface Runtime {
  runtime: SetupResult['runtime'];
  summary: string;
  /** Relative to the worktree's top. */
  file: string;
  hooks: readonly string[];
  /** What the file holds after setup (null: no file), from what it held. */
  next(before: string | undefined, root: string, remove: boolean): string | null;
}

const CLAUDE: Runtime = {
  runtime: 'claude',
  summary: 'Claude Code hooks: context, a check before edits, heartbeats',
  file: '.claude/settings.json',
  hooks: LANES_EVENTS,
  next(before, root, remove) {
    const settings = before === undefined ? {} : parseSettings(before, this.file);
    const lanes = lanesCommand(root, lanesBinPath(), 'CLAUDE_PROJECT_DIR');
    const next = remove ? withoutLanesHooks(settings) : withLanesHooks(settings, { lanes });
    // Removing from a file lanes created leaves nothing: the file goes.
    if (remove && Object.keys(next).length === 0) return null;
    // The same settings keep the file as it is written.
    if (before !== undefined && JSON.stringify(settings) === JSON.stringify(next)) return before;
    return serializeLike(next, before);
  },
};

const CODEX: Runtime = {
  runtime: 'codex',
  summary: 'an AGENTS.md section for Codex (its hooks cannot check edits)',
  file: 'AGENTS.md',
  hooks: ['AGENTS.md section'],
  next(before, root, remove) {
    if (remove) return before === undefined ? null : withoutAgentsBlock(before);
    // AGENTS.md is committed: the commands name the project's package from the
    // repository's top, and the MCP server's path (for the user's own Codex config) each
    // clone's copy of it, not this clone's path nor a versioned folder (pnpm's store).
    const bin = lanesBinPath();
    const inside = projectRelativeBin(root, bin);
    const mcpBin = inside === undefined ? bin : `<this clone>/${inside}`;
    return withAgentsBlock(before, lanesCommand(root, bin), mcpBin);
  },
};

/** `deleted`: the file went with what lanes had put in it (lanes had made it). */
async function setup(
  ctx: CliContext,
  runtime: Runtime,
  remove: boolean,
): Promise<{ result: SetupResult; deleted: boolean }> {
  const repo = await openRepository(ctx.cwd, { env: ctx.env });
  const path = join(repo.root, runtime.file);
  const before = await readOptional(path);
  const next = runtime.next(before, repo.root, remove);
  const changed = await update(path, before, next);
  const result: SetupResult = {
    runtime: runtime.runtime,
    file: runtime.file,
    action: remove ? 'removed' : 'installed',
    changed,
    hooks: remove ? [] : [...runtime.hooks],
  };
  return { result, deleted: changed && next === null };
}

function setupCommand(runtime: Runtime): Command {
  return {
    name: `setup ${runtime.runtime}`,
    summary: runtime.summary,
    usage: `setup ${runtime.runtime} [--remove]`,
    options: { remove: { type: 'boolean', description: 'undo exactly what setup added' } },
    maxPositionals: 0,
    async run(ctx, { values }) {
      const { result, deleted } = await setup(ctx, runtime, values.remove === true);
      return { data: result, text: renderSetup(result, deleted) };
    },
  };
}

export const setupClaudeCommand = setupCommand(CLAUDE);
export const setupCodexCommand = setupCommand(CODEX);
