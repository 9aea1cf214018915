import type { Diagnostic, LanesConfig } from '../types.js';
import { DOCUMENT_PATHS } from './paths.js';
import { isWithin } from './pointer.js';
import { checkAgentsSchema } from './schemas.js';

function defaultConfig(): LanesConfig {
  return {
    multiSession: false,
    heartbeatTimeoutMinutes: 10,
    coordination: {
      remote: 'origin',
      branch: 'main',
      heartbeatIntervalSeconds: 60,
      prePush: 'block',
      shared: [],
    },
    mergeQueue: {
      strategy: 'merge',
      attempts: 3,
      retryFlaky: false,
      batchSize: 4,
      deleteOnComplete: true,
    },
  };
}

type Section = Record<string, unknown>;

/**
 * The `agents` section with every default filled in. A field that breaks the schema
 * is reported and replaced by its default, so callers always get a usable config;
 * whether to go on with problems is theirs to decide.
 */
export function resolveConfig(
  agents: unknown,
  file: string = DOCUMENT_PATHS.projectJson,
): { config: LanesConfig; problems: Diagnostic[] } {
  const config = defaultConfig();
  if (agents === undefined) return { config, problems: [] };
  const problems = checkAgentsSchema(file, agents);
  if (!isSection(agents)) return { config, problems };

  // A field is taken only when no problem lies on it, inside it or on a section holding it.
  const usable = (pointer: string): boolean =>
    !problems.some((p) => isWithin(p.pointer, pointer) || isWithin(pointer, p.pointer));
  const take = <T>(section: Section | undefined, name: string, pointer: string): T | undefined =>
    section !== undefined && section[name] !== undefined && usable(`/agents${pointer}`)
      ? (section[name] as T)
      : undefined;

  const coordination = isSection(agents.coordination) ? agents.coordination : undefined;
  const mergeQueue = isSection(agents.mergeQueue) ? agents.mergeQueue : undefined;
  const c = config.coordination;
  const q = config.mergeQueue;

  config.multiSession = take(agents, 'multiSession', '/multiSession') ?? config.multiSession;
  config.heartbeatTimeoutMinutes =
    take(agents, 'heartbeatTimeoutMinutes', '/heartbeatTimeoutMinutes') ??
    config.heartbeatTimeoutMinutes;
  c.remote = take(coordination, 'remote', '/coordination/remote') ?? c.remote;
  c.branch = take(coordination, 'branch', '/coordination/branch') ?? c.branch;
  c.heartbeatIntervalSeconds =
    take(coordination, 'heartbeatIntervalSeconds', '/coordination/heartbeatIntervalSeconds') ??
    c.heartbeatIntervalSeconds;
  c.prePush = take(coordination, 'prePush', '/coordination/prePush') ?? c.prePush;
  c.shared = [...(take<string[]>(coordination, 'shared', '/coordination/shared') ?? c.shared)];
  q.strategy = take(mergeQueue, 'strategy', '/mergeQueue/strategy') ?? q.strategy;
  const setup = take<string>(mergeQueue, 'setup', '/mergeQueue/setup');
  if (setup !== undefined) q.setup = setup;
  const qualityCheck = take<string>(mergeQueue, 'qualityCheck', '/mergeQueue/qualityCheck');
  if (qualityCheck !== undefined) q.qualityCheck = qualityCheck;
  const qualityFix = take<string>(mergeQueue, 'qualityFix', '/mergeQueue/qualityFix');
  if (qualityFix !== undefined) q.qualityFix = qualityFix;
  q.attempts = take(mergeQueue, 'attempts', '/mergeQueue/attempts') ?? q.attempts;
  q.retryFlaky = take(mergeQueue, 'retryFlaky', '/mergeQueue/retryFlaky') ?? q.retryFlaky;
  q.batchSize = take(mergeQueue, 'batchSize', '/mergeQueue/batchSize') ?? q.batchSize;
  q.deleteOnComplete =
    take(mergeQueue, 'deleteOnComplete', '/mergeQueue/deleteOnComplete') ?? q.deleteOnComplete;
  return { config, problems };
}

function isSection(value: unknown): value is Section {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
