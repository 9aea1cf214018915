import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  LanesError,
  parseJsonDocument,
  resolveConfig,
  type Diagnostic,
  type LanesConfig,
} from '@lanes/core';

export interface LocalConfig {
  config: LanesConfig;
  /** The file it came from, or undefined when there is none (defaults). */
  file?: string;
}

const CONFIG_FILES = ['project.json', 'docs/project.json'];

/**
 * The `agents` section as the worktree has it. It tells lanes which remote and branch
 * coordinate; the documents themselves are then read from that branch.
 */
export async function readLocalConfig(root: string): Promise<LocalConfig> {
  for (const file of CONFIG_FILES) {
    let text: string;
    try {
      text = await readFile(join(root, file), 'utf8');
    } catch {
      continue;
    }
    const parsed = parseJsonDocument(file, text);
    if (parsed.problems.length > 0) throw invalidConfig(parsed.problems);
    const agents =
      parsed.value !== null && typeof parsed.value === 'object' && !Array.isArray(parsed.value)
        ? (parsed.value as Record<string, unknown>).agents
        : undefined;
    if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
      throw invalidConfig([
        { file, pointer: '', code: 'schema', message: `${file} must hold a JSON object` },
      ]);
    }
    const resolved = resolveConfig(agents, file);
    if (resolved.problems.length > 0) throw invalidConfig(resolved.problems);
    return { config: resolved.config, file };
  }
  const resolved = resolveConfig(undefined);
  return { config: resolved.config };
}

function invalidConfig(problems: Diagnostic[]): LanesError {
  const first = problems[0]!;
  return new LanesError('E_INVALID_STATE', `${first.file}${first.pointer}: ${first.message}`, {
    hint: 'fix the file by hand; lanes never rewrites a file it cannot read',
    details: { problems },
  });
}
