import type { OptionSpecs, ParsedValues } from './args.js';
import type { CliContext } from './context.js';

/** What a command hands back; only main() writes it out and sets the exit code. */
export interface CommandResult {
  /** The JSON document printed with --json. */
  data: unknown;
  /** The readable text printed without --json (may be empty). */
  text: string;
  /** Defaults to 0. Non-zero results that are not errors (validate finding problems). */
  exitCode?: number;
  /** The command already wrote its output as it ran (a live view): main prints nothing. */
  written?: boolean;
}

interface CommandInput {
  values: ParsedValues;
  positionals: string[];
}

export interface Command {
  /** One or two words: `status`, `prd add`. */
  name: string;
  summary: string;
  /** Usage line after `lanes `, e.g. `validate [--ref <ref> | --worktree]`. */
  usage: string;
  options: OptionSpecs;
  /** Most positionals the command takes. */
  maxPositionals: number;
  run(ctx: CliContext, input: CommandInput): Promise<CommandResult>;
  /** Moves branches on the remote: after it succeeds, local main follows when safe (git-view.ts). */
  movesBranches?: true;
}
