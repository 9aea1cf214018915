import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseJsonDocument, resolveConfig, type Diagnostic, type LanesConfig } from '@lanes/core';

const CONFIG_FILES = ['project.json', 'docs/project.json'];

/**
 * The `agents` section as this worktree has it: it says whether coordination is on and
 * which remote and branch coordinate, without touching the network. Problems are
 * returned, never thrown: a hook reports them and steps aside.
 */
export async function readWorktreeConfig(
  root: string,
): Promise<{ config: LanesConfig; file?: string; problems: Diagnostic[] }> {
  for (const file of CONFIG_FILES) {
    let text: string;
    try {
      text = await readFile(join(root, file), 'utf8');
    } catch {
      continue;
    }
    const parsed = parseJsonDocument(file, text);
    const value = parsed.value;
    const agents =
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? (value as Record<string, unknown>).agents
        : undefined;
    const resolved = resolveConfig(agents, file);
    return { config: resolved.config, file, problems: [...parsed.problems, ...resolved.problems] };
  }
  return { config: resolveConfig(undefined).config, problems: [] };
}
