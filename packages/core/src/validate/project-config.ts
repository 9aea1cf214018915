import type { Diagnostic, LanesConfig } from '../types.js';
import { resolveConfig } from './config.js';
import { parseJsonDocument } from './json.js';

/** What one project.json says about lanes, read by every command and every hook alike. */
export interface ProjectConfig {
  config: LanesConfig;
  /** Problems of the file (JSON, not an object, the `agents` schema); the config then holds defaults there. */
  problems: Diagnostic[];
  /** Whether the file has an `agents` section at all (a repository may keep it on the coordination branch only). */
  hasAgents: boolean;
  /** The coordinates the section names itself, as opposed to the defaults filled in. */
  named: { remote?: string; branch?: string };
}

/** project.json's text → its `agents` section resolved, with the problems found on the way. */
export function projectConfig(file: string, text: string): ProjectConfig {
  const parsed = parseJsonDocument(file, text);
  const value = parsed.value;
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  const problems = [...parsed.problems];
  if (!isObject && parsed.problems.length === 0) {
    problems.push({
      file,
      pointer: '',
      code: 'schema-type',
      message: `${file} must hold a JSON object`,
    });
  }
  const agents = isObject ? (value as Record<string, unknown>).agents : undefined;
  const resolved = resolveConfig(agents, file);
  problems.push(...resolved.problems);
  return {
    config: resolved.config,
    problems,
    hasAgents: agents !== undefined,
    named: namedCoordinates(agents, resolved.config),
  };
}

/** The remote and branch `agents.coordination` states (and that survived validation). */
function namedCoordinates(agents: unknown, config: LanesConfig): ProjectConfig['named'] {
  const coordination =
    agents !== null && typeof agents === 'object'
      ? (agents as Record<string, unknown>).coordination
      : undefined;
  if (coordination === null || typeof coordination !== 'object') return {};
  const { remote, branch } = coordination as Record<string, unknown>;
  return {
    ...(remote === config.coordination.remote ? { remote } : {}),
    ...(branch === config.coordination.branch ? { branch } : {}),
  };
}
