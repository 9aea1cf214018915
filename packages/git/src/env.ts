// Git exports these to hooks and sub-processes; inherited by a child `git`, they make it
// act on the hook's repository instead of the one we name with cwd. The list is
// `git rev-parse --local-env-vars` (git 2.39), hardcoded so no process is spent on it.
export const GIT_LOCAL_ENV_VARS: readonly string[] = [
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_CONFIG',
  'GIT_CONFIG_PARAMETERS',
  'GIT_CONFIG_COUNT',
  'GIT_OBJECT_DIRECTORY',
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_IMPLICIT_WORK_TREE',
  'GIT_GRAFT_FILE',
  'GIT_INDEX_FILE',
  'GIT_NO_REPLACE_OBJECTS',
  'GIT_REPLACE_REF_BASE',
  'GIT_PREFIX',
  'GIT_INTERNAL_SUPER_PREFIX',
  'GIT_SHALLOW_FILE',
  'GIT_COMMON_DIR',
];

// GIT_CONFIG_COUNT comes with numbered key/value pairs; without the count they are inert,
// but a stale pair would come back to life if a caller set a count of its own.
const NUMBERED_CONFIG = /^GIT_CONFIG_(KEY|VALUE)_\d+$/;

export type EnvAdditions = Record<string, string | undefined>;

/**
 * The environment of every git process: the caller's, minus the repository-selecting
 * variables above, never prompting for credentials, with untranslated messages (their
 * text is parsed), plus the call's own additions (undefined removes a variable).
 */
export function gitEnvironment(
  base: NodeJS.ProcessEnv,
  additions: EnvAdditions = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) {
    if (value === undefined || GIT_LOCAL_ENV_VARS.includes(name) || NUMBERED_CONFIG.test(name)) {
      continue;
    }
    env[name] = value;
  }
  env.GIT_TERMINAL_PROMPT = '0';
  env.LC_ALL = 'C';
  env.LANGUAGE = 'C';
  for (const [name, value] of Object.entries(additions)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}
