// Which `mergeQueue.setup` to propose for a repository, from the files at its root:
// the release worktree is a clean checkout, so a JavaScript project's check needs its
// dependencies installed there first. Each proposal installs exactly what the lockfile
// says (never rewriting it: what lands must be what was tested) and prefers what the
// machine already has, so a release needs no network when the store or cache is warm.

export type PackageManager = 'pnpm' | 'npm' | 'yarn';

export interface SetupProposal {
  manager: PackageManager;
  /** The lockfile that decided it. */
  lockfile: string;
  setup: string;
}

const LOCKFILES: readonly { file: string; manager: PackageManager }[] = [
  { file: 'pnpm-lock.yaml', manager: 'pnpm' },
  { file: 'yarn.lock', manager: 'yarn' },
  { file: 'package-lock.json', manager: 'npm' },
  { file: 'npm-shrinkwrap.json', manager: 'npm' },
];

const SETUPS = {
  pnpm: 'pnpm install --frozen-lockfile --prefer-offline',
  npm: 'npm ci --prefer-offline --no-audit --no-fund',
  /** Yarn 1 (classic). */
  yarn: 'yarn install --frozen-lockfile --prefer-offline',
  /** Yarn 2 and later (a `.yarnrc.yml` at the root). */
  berry: 'yarn install --immutable',
} as const;

/**
 * `files`: the names at the repository root; `packageManager`: package.json's field of
 * that name, which decides when several lockfiles are present. null: no lockfile, so
 * nothing to propose.
 */
export function setupForLockfile(request: {
  files: readonly string[];
  packageManager?: string | undefined;
}): SetupProposal | null {
  const present = LOCKFILES.filter((entry) => request.files.includes(entry.file));
  const declared = request.packageManager?.split('@')[0];
  const chosen = present.find((entry) => entry.manager === declared) ?? present[0];
  if (chosen === undefined) return null;
  const setup =
    chosen.manager === 'yarn' && request.files.includes('.yarnrc.yml')
      ? SETUPS.berry
      : SETUPS[chosen.manager];
  return { manager: chosen.manager, lockfile: chosen.file, setup };
}
