import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { LanesError } from '@lanes/core';
import { openRepository } from '@lanes/git';
import type { Command } from '../command.js';
import type { CliContext } from '../context.js';
import { lanesBinPath } from '../lanes-bin.js';
import { renderSetup } from '../render/setup.js';
import { withAgentsBlock, withoutAgentsBlock } from '../setup/agents-block.js';
import {
  LANES_EVENTS,
  withLanesHooks,
  withoutLanesHooks,
  type ClaudeSettings,
} from '../setup/claude-settings.js';
import { lanesCommand, projectLanesBin } from '../setup/lanes-command.js';
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

async function setupClaude(ctx: CliContext, remove: boolean): Promise<SetupResult> {
  const repo = await openRepository(ctx.cwd, { env: ctx.env });
  const file = '.claude/settings.json';
  const path = join(repo.root, file);
  const before = await readOptional(path);
  const settings = before === undefined ? {} : parseSettings(before, file);
  const lanes = lanesCommand(repo.root, lanesBinPath(), 'CLAUDE_PROJECT_DIR');
  const next = remove ? withoutLanesHooks(settings) : withLanesHooks(settings, { lanes });
  // Removing from a file lanes created leaves nothing: the file goes.
  const text =
    remove && Object.keys(next).length === 0 ? null : `${JSON.stringify(next, null, 2)}\n`;
  const unchanged =
    before !== undefined && text !== null && JSON.stringify(settings) === JSON.stringify(next);
  const changed = unchanged ? false : await update(path, before, text);
  return {
    runtime: 'claude',
    file,
    action: remove ? 'removed' : 'installed',
    changed,
    hooks: remove ? [] : [...LANES_EVENTS],
  };
}

async function setupCodex(ctx: CliContext, remove: boolean): Promise<SetupResult> {
  const repo = await openRepository(ctx.cwd, { env: ctx.env });
  const file = 'AGENTS.md';
  const path = join(repo.root, file);
  const before = await readOptional(path);
  // The MCP server's path goes into the user's Codex config: the project's package, not
  // a versioned folder (pnpm's store) that an upgrade removes.
  const bin = projectLanesBin(repo.root, lanesBinPath());
  const next = remove
    ? before === undefined
      ? null
      : withoutAgentsBlock(before)
    : withAgentsBlock(before, lanesCommand(repo.root, bin), bin);
  const changed = await update(path, before, next);
  return {
    runtime: 'codex',
    file,
    action: remove ? 'removed' : 'installed',
    changed,
    hooks: remove ? [] : ['AGENTS.md section'],
  };
}

const removeOption = {
  remove: { type: 'boolean', description: 'undo exactly what setup added' },
} as const;

export const setupClaudeCommand: Command = {
  name: 'setup claude',
  summary: 'Claude Code hooks: context, a check before edits, heartbeats',
  usage: 'setup claude [--remove]',
  options: removeOption,
  maxPositionals: 0,
  async run(ctx, { values }) {
    const data = await setupClaude(ctx, values.remove === true);
    return { data, text: renderSetup(data) };
  },
};

export const setupCodexCommand: Command = {
  name: 'setup codex',
  summary: 'an AGENTS.md section for Codex (its hooks cannot check edits)',
  usage: 'setup codex [--remove]',
  options: removeOption,
  maxPositionals: 0,
  async run(ctx, { values }) {
    const data = await setupCodex(ctx, values.remove === true);
    return { data, text: renderSetup(data) };
  },
};
