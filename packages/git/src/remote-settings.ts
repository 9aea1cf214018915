import { isAbsolute, resolve } from 'node:path';
import { sleep } from './backoff.js';
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
  /** `lanes.<remote>.heartbeatRefs`: whether the remote takes heartbeat refs, as decided. */
  heartbeatRefs: boolean | undefined;
  /** `lanes.<remote>.heartbeatRefsCheckedAt`: when that was decided (ISO time). */
  heartbeatRefsCheckedAt: string | undefined;
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
  const flag = config.get(`lanes.${remote}.heartbeatrefs`);
  const pushConfigured = config.get(`remote.${remote}.pushurl`);
  return {
    url,
    pushUrl: pushConfigured ? normalizeUrl(pushConfigured, repo.root) : url,
    env: userSsh ? {} : { GIT_SSH_COMMAND: FAIL_FAST_SSH },
    heartbeatRefs: flag === undefined ? undefined : !/^(false|no|off|0)$/i.test(flag),
    heartbeatRefsCheckedAt: config.get(`lanes.${remote}.heartbeatrefscheckedat`),
  };
}

/**
 * Remembers (in local git config) whether a remote takes heartbeat refs, and when. Best
 * effort: worktrees of one clone share its config file, and a ping must not fail because
 * another held the file's lock; unrecorded, the decision is simply made again later.
 */
export async function rememberHeartbeatRefs(
  repo: Repository,
  remote: string,
  allowed: boolean,
  at: Date = new Date(),
): Promise<void> {
  const checkedAt = at.toISOString();
  const config = await readConfig(repo);
  config.set(`lanes.${remote}.heartbeatrefs`, String(allowed));
  config.set(`lanes.${remote}.heartbeatrefscheckedat`, checkedAt);
  for (const [key, value] of [
    [`lanes.${remote}.heartbeatRefs`, String(allowed)],
    [`lanes.${remote}.heartbeatRefsCheckedAt`, checkedAt],
  ] as const) {
    for (let attempt = 1; attempt <= CONFIG_ATTEMPTS; attempt++) {
      const result = await repo.git.run(['config', '--local', key, value]);
      if (result.exitCode === 0 || !/could not lock config file/i.test(result.stderr)) break;
      await sleep(10 + Math.random() * 40 * attempt);
    }
  }
}

const CONFIG_ATTEMPTS = 5;

function normalizeUrl(url: string, root: string): string {
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) || /^[^/]+:/.test(url);
  if (isUrl) return url;
  return (isAbsolute(url) ? url : resolve(root, url)).replace(/\/+$/, '');
}
