import { parseArgs } from 'node:util';
import { LanesError } from '@lanes/core';

export type OptionSpec =
  | { type: 'boolean'; short?: string; description: string }
  | { type: 'string'; short?: string; description: string; valueName: string; multiple?: boolean }
  /** A flag that may stand alone or take a value (`--worktree [<path>]`). */
  | { type: 'optional-string'; description: string; valueName: string };

export type OptionSpecs = Record<string, OptionSpec>;

export type ParsedValues = Record<string, string | boolean | string[] | undefined>;

export interface ParsedCommandLine {
  values: ParsedValues;
  positionals: string[];
}

/** Flags every command accepts (CLI.md "Conventions for every command"). */
export const GLOBAL_OPTIONS: OptionSpecs = {
  json: { type: 'boolean', description: 'print exactly one JSON document on stdout' },
  C: { type: 'string', valueName: 'dir', description: 'run as if lanes was started in <dir>' },
  session: {
    type: 'string',
    valueName: 'id',
    description: 'act as this session (also LANES_SESSION)',
  },
  offline: { type: 'boolean', description: 'use the last fetched state instead of the remote' },
  help: { type: 'boolean', short: 'h', description: 'show help' },
  version: { type: 'boolean', short: 'V', description: 'show the version' },
};

/**
 * Finds the command words: the leading positionals, skipping global flags and the
 * value of `-C`/`--session`, so `lanes -C repo --json prd add x.json` works.
 */
export function splitCommand(
  argv: readonly string[],
  known: (words: string[]) => number,
): { words: string[]; rest: string[] } {
  const rest: string[] = [];
  const positionals: { index: number; value: string }[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (token === '-C' || token === '--session') {
      rest.push(token);
      if (i + 1 < argv.length) rest.push(argv[++i]!);
      continue;
    }
    if (!token.startsWith('-') && positionals.length < 2 && rest.every((t) => !isCommandFlag(t))) {
      positionals.push({ index: rest.length, value: token });
    }
    rest.push(token);
  }
  const words = positionals.map((p) => p.value);
  const used = known(words);
  const usedIndexes = new Set(positionals.slice(0, used).map((p) => p.index));
  return {
    words: words.slice(0, used),
    rest: rest.filter((_, index) => !usedIndexes.has(index)),
  };
}

// Command words come before command flags; a token after e.g. `--reason` is a value.
function isCommandFlag(token: string): boolean {
  return token.startsWith('-') && !isGlobalFlag(token);
}

function isGlobalFlag(token: string): boolean {
  const name = token.replace(/^-+/, '').split('=')[0]!;
  return name in GLOBAL_OPTIONS || name === 'h' || name === 'V';
}

/** Parses a command's arguments; unknown flags and missing values become E_USAGE. */
export function parseCommandLine(
  args: readonly string[],
  specs: OptionSpecs,
  command: string,
): ParsedCommandLine {
  const all = { ...GLOBAL_OPTIONS, ...specs };
  const expanded = expandOptionalValues(args, all);
  const options: Record<
    string,
    { type: 'boolean' | 'string'; short?: string; multiple?: boolean }
  > = {};
  for (const [name, spec] of Object.entries(all)) {
    options[name] = {
      type: spec.type === 'boolean' ? 'boolean' : 'string',
      ...('short' in spec && spec.short ? { short: spec.short } : {}),
      ...(spec.type === 'string' && spec.multiple ? { multiple: true } : {}),
    };
  }
  try {
    const { values, positionals } = parseArgs({
      args: expanded,
      options,
      allowPositionals: true,
      strict: true,
    });
    return { values: values as ParsedValues, positionals };
  } catch (error) {
    throw new LanesError('E_USAGE', `${command}: ${(error as Error).message}`, {
      hint: `run 'lanes ${command} --help' for the options`,
    });
  }
}

/**
 * `--worktree` alone means "yes, a default path"; `--worktree <path>` takes the next
 * token only when it looks like a path, so `claim --worktree print-templates` still
 * reads the PRD as the positional.
 */
function expandOptionalValues(args: readonly string[], specs: OptionSpecs): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    const name = token.startsWith('--') ? token.slice(2) : undefined;
    if (name && specs[name]?.type === 'optional-string') {
      const next = args[i + 1];
      if (next !== undefined && looksLikePath(next)) {
        out.push(`--${name}=${next}`);
        i++;
      } else {
        out.push(`--${name}=`);
      }
      continue;
    }
    out.push(token);
  }
  return out;
}

function looksLikePath(token: string): boolean {
  return /^(\.{1,2}(\/|$)|\/|~)/.test(token) || token.includes('/');
}
