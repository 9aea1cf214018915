import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { writeFileAtomic } from './atomic-file.js';
import type { HeartbeatRefsDecision } from './heartbeat-decision.js';
import type { Repository } from './repository.js';

export interface RemoteSettings {
  /** The remote's URL as configured (a local path made absolute), or the argument itself. */
  url: string;
  /**
   * Where pushes go: `remote.<name>.pushurl`, else the URL. Pushing to a URL rather than
   * the remote's name keeps git from updating refs/remotes/* behind the user's back.
   */
  pushUrl: string;
  /** Extra environment for fetch and push: an ssh that fails fast instead of prompting. */
  env: Record<string, string>;
  /** Whether the remote takes heartbeat refs, as decided; undefined while undecided. */
  heartbeatRefs: HeartbeatRefsDecision | undefined;
}

// BatchMode: never ask for a password or host key; ConnectTimeout: an unreachable host
// fails in seconds, not after the TCP default of minutes.
export const FAIL_FAST_SSH = 'ssh -o BatchMode=yes -o ConnectTimeout=10';

type ConfigMap = Map<string, string>;
const configs = new WeakMap<Repository, Promise<ConfigMap>>();

/** The few config values lanes needs, read once per repository object in one process. */
function readConfig(repo: Repository): Promise<ConfigMap> {
  let config = configs.get(repo);
  if (!config) {
    config = repo.git
      .run([
        'config',
        '-z',
        '--get-regexp',
        '^(remote\\..+\\.(url|pushurl)|core\\.(sshcommand|sharedrepository)|lanes\\..+\\.heartbeatrefs(checkedat)?)$',
      ])
      .then((result) => {
        const map: ConfigMap = new Map();
        for (const record of result.stdout.split('\0')) {
          const newline = record.indexOf('\n');
          if (newline > 0) map.set(record.slice(0, newline), record.slice(newline + 1));
        }
        return map;
      });
    configs.set(repo, config);
  }
  return config;
}

/** One of the values readConfig reads (keys in lower case), or undefined. */
export async function configValue(repo: Repository, key: string): Promise<string | undefined> {
  return (await readConfig(repo)).get(key);
}

export async function remoteSettings(repo: Repository, remote: string): Promise<RemoteSettings> {
  const config = await readConfig(repo);
  const env = repo.git.baseEnv;
  const configured = config.get(`remote.${remote}.url`);
  const url = normalizeUrl(configured ?? remote, repo.root);
  const userSsh = env.GIT_SSH_COMMAND || env.GIT_SSH || config.has('core.sshcommand');
  const pushConfigured = config.get(`remote.${remote}.pushurl`);
  return {
    url,
    pushUrl: pushConfigured ? normalizeUrl(pushConfigured, repo.root) : url,
    env: userSsh ? {} : { GIT_SSH_COMMAND: FAIL_FAST_SSH },
    heartbeatRefs: heartbeatRefsDecision(config, await readRemembered(repo), remote),
  };
}

/**
 * `lanes.<remote>.heartbeatRefs` set by hand (no CheckedAt beside it) is kept for good;
 * else what lanes remembered; else the pair an older lanes wrote to git config.
 */
function heartbeatRefsDecision(
  config: ConfigMap,
  remembered: Remembered,
  remote: string,
): HeartbeatRefsDecision | undefined {
  const flag = config.get(`lanes.${remote}.heartbeatrefs`);
  const legacyAt = config.get(`lanes.${remote}.heartbeatrefscheckedat`);
  const allowed = flag !== undefined && !/^(false|no|off|0)$/i.test(flag);
  if (flag !== undefined && legacyAt === undefined) return { allowed, checkedAt: null };
  return remembered[remote] ?? (flag === undefined ? undefined : { allowed, checkedAt: legacyAt! });
}

type Remembered = Record<string, HeartbeatRefsDecision>;
const remembered = new WeakMap<Repository, Promise<Remembered>>();

// A file of the clone's, not git config: a background ping holding .git/config's lock
// made the user's own git commands (`git worktree add`, `git config`) fail.
function rememberedFile(repo: Pick<Repository, 'commonDir'>): string {
  return join(repo.commonDir, 'lanes', 'heartbeat-refs.json');
}

function readRemembered(repo: Repository): Promise<Remembered> {
  let read = remembered.get(repo);
  if (!read) {
    read = readFile(rememberedFile(repo), 'utf8').then(parseRemembered, () => ({}));
    remembered.set(repo, read);
  }
  return read;
}

/** A cache: anything unreadable in it is simply undecided, and decided again. */
function parseRemembered(text: string): Remembered {
  const found: Remembered = {};
  try {
    for (const [remote, entry] of Object.entries(JSON.parse(text) as Record<string, unknown>)) {
      const { allowed, checkedAt } = (entry ?? {}) as Partial<HeartbeatRefsDecision>;
      if (typeof allowed === 'boolean' && typeof checkedAt === 'string') {
        found[remote] = { allowed, checkedAt };
      }
    }
  } catch {
    // not JSON: nothing remembered
  }
  return found;
}

/**
 * Remembers whether a remote takes heartbeat refs, and when, in the clone's
 * `.git/lanes/heartbeat-refs.json` (shared by its worktrees). Written whole by rename:
 * two pings at once cost at most a decision made again later, never a failure.
 */
export async function rememberHeartbeatRefs(
  repo: Repository,
  remote: string,
  allowed: boolean,
  at: Date = new Date(),
): Promise<void> {
  const current = await readFile(rememberedFile(repo), 'utf8').then(parseRemembered, () => ({}));
  const next = { ...current, [remote]: { allowed, checkedAt: at.toISOString() } };
  remembered.set(repo, Promise.resolve(next));
  await writeFileAtomic(rememberedFile(repo), `${JSON.stringify(next, null, 2)}\n`);
}

function normalizeUrl(url: string, root: string): string {
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) || /^[^/]+:/.test(url);
  if (isUrl) return url;
  return (isAbsolute(url) ? url : resolve(root, url)).replace(/\/+$/, '');
}
