import { LanesError } from '../errors.js';
import type { PrdFile, RegistryEntry } from '../types.js';

// The identifier patterns of FORMATS.md. They end up in branch names, ref names and
// paths, so nothing looser is ever accepted.
export const PRD_ID = /^prd-[a-z0-9]+(-[a-z0-9]+)*$/;
export const SESSION_ID = /^[a-z][a-z0-9]*-[0-9a-f]{6}$/;
export const STORY_ID = /^US-[0-9]{3,}$/;
export const PRD_ID_MAX_LENGTH = 64;

export function isPrdId(value: string): boolean {
  return value.length <= PRD_ID_MAX_LENGTH && PRD_ID.test(value);
}

/**
 * A PRD id as typed on the command line: the full id or its slug
 * (`print-templates` → `prd-print-templates`). `argument` names the flag or
 * positional in the error, so the user knows which input was wrong.
 */
export function normalizePrdId(input: string, argument = '<prd>'): string {
  const candidate = input.startsWith('prd-') ? input : `prd-${input}`;
  if (isPrdId(candidate)) return candidate;
  throw new LanesError('E_USAGE', `${argument}: '${input}' is not a PRD id`, {
    hint: `a PRD id is prd-<slug> (or just <slug>): lowercase letters, digits and single dashes, at most ${PRD_ID_MAX_LENGTH} characters, e.g. prd-print-templates`,
  });
}

export function assertStoryId(input: string, argument = '--story'): string {
  if (STORY_ID.test(input)) return input;
  throw new LanesError('E_USAGE', `${argument}: '${input}' is not a story id`, {
    hint: 'a story id is US- followed by at least three digits, e.g. US-004',
  });
}

// Mirrors `git check-ref-format --branch` (see git-check-ref-format(1)) without
// running git, plus the FORMATS.md rules that a branch never starts with '-' or
// 'refs/' (pushed, `refs/heads/main` becomes `refs/heads/refs/heads/main`, and every
// push to main turns ambiguous).
// The `@{-N}` shorthand git accepts there is refused: it is not a name.
const FORBIDDEN_BRANCH_CHARS = /[ ~^:?*[\\]/;

function hasControlCharacter(name: string): boolean {
  return [...name].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);
}

export function isValidBranchName(name: string): boolean {
  if (name === '' || name === '@' || name === 'HEAD') return false;
  if (name.startsWith('-') || name.startsWith('/') || name.endsWith('/')) return false;
  if (name.startsWith('refs/')) return false;
  if (name.endsWith('.')) return false;
  if (name.includes('..') || name.includes('@{') || name.includes('//')) return false;
  if (FORBIDDEN_BRANCH_CHARS.test(name) || hasControlCharacter(name)) return false;
  return name
    .split('/')
    .every((component) => !component.startsWith('.') && !component.endsWith('.lock'));
}

/** The slug of a PRD id: `prd-print-templates` → `print-templates`. */
export function prdSlug(prdId: string): string {
  return prdId.startsWith('prd-') ? prdId.slice('prd-'.length) : prdId;
}

/** A branchName in the registry entry wins over the PRD file's; else `feature/<slug>`. */
export function branchForPrd(
  entry: Pick<RegistryEntry, 'id' | 'branchName'>,
  prdFile?: Pick<PrdFile, 'branchName'>,
): string {
  return entry.branchName ?? prdFile?.branchName ?? `feature/${prdSlug(entry.id)}`;
}

// Anywhere in the subject, not only at its start: CLI.md says "a story id in the
// commit subject", and conventional-commit prefixes ("feat(print): US-004 …") are
// common. The lookarounds keep "XUS-004" or "US-0042b" from counting.
const STORY_IN_SUBJECT = /(?<![A-Za-z0-9_-])US-[0-9]{3,}(?![A-Za-z0-9_])/;

/** The first story id in a commit subject (its first line), if any. */
export function storyIdFromSubject(subject: string): string | undefined {
  const firstLine = subject.split('\n', 1)[0] ?? '';
  return STORY_IN_SUBJECT.exec(firstLine)?.[0];
}

/** Feature branches start from and land on this branch. */
export const MAIN_BRANCH = 'main';

/** Where `lanes init` keeps the state unless told otherwise: a branch of its own, so main's history stays clean. */
export const STATE_BRANCH = 'lanes/state';

/**
 * Why a PRD's branch may not be `branch`: it is, or would shadow, a branch lanes itself
 * needs (main, the coordination branch). A ref `X/y` cannot live beside `X`, and
 * `heads/X` or `remotes/<r>/X` make `X` ambiguous to git.
 */
export function reservedBranchReason(
  branch: string,
  reserved: readonly string[],
): string | undefined {
  for (const name of new Set(reserved)) {
    if (branch === name) return `it is the ${describeReserved(name)} itself`;
    if (branch.startsWith(`${name}/`) || name.startsWith(`${branch}/`)) {
      return `it cannot exist beside the ${describeReserved(name)} (${name})`;
    }
    if (branch === `heads/${name}` || branch.match(/^remotes\/[^/]+\/(.*)$/)?.[1] === name) {
      return `it makes the ${describeReserved(name)} (${name}) ambiguous`;
    }
  }
  return undefined;
}

function describeReserved(name: string): string {
  return name === MAIN_BRANCH ? 'main branch' : 'coordination branch';
}
