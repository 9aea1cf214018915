// One error type for all of lanes. The code is the contract (CLI.md "Error codes");
// the exit code follows from the code in exactly one place: EXIT_CODES.

import type { Diagnostic } from './types.js';

export const EXIT_CODES = {
  E_USAGE: 2,
  E_NOT_ENABLED: 3,
  E_NOT_INITIALIZED: 3,
  E_UNKNOWN_PRD: 3,
  E_ALREADY_CLAIMED: 3,
  E_DEPENDENCIES_UNMET: 3,
  E_CONFLICT_RISK: 3,
  E_NOTHING_AVAILABLE: 3,
  E_PRD_COMPLETED: 3,
  E_SESSION_BUSY: 3,
  E_NO_SESSION: 3,
  E_NOT_OWNER: 3,
  E_NOT_STALE: 3,
  E_LOCAL_STATE: 3,
  E_INVALID_STATE: 4,
  E_PUSH_REJECTED: 1,
  E_REMOTE: 1,
  E_MERGE_CONFLICT: 1,
  E_QUALITY_CHECK: 1,
  E_QUALITY_SETUP: 1,
  E_GIT: 1,
  E_INTERNAL: 1,
} as const;

export type ErrorCode = keyof typeof EXIT_CODES;

/**
 * The extra fields of the codes agents branch on, as they appear on the `error` object
 * of --json output (beside `code`, never under `details`). docs/cli.md "Error
 * documents" and the agent guide name these fields; a scenario test checks them
 * against real output. A code may carry more facts than listed here.
 */
export interface ErrorFields {
  E_UNKNOWN_PRD: { prdId: string; similar: string[]; available: string[] };
  E_PRD_COMPLETED: {
    prdId: string;
    status: 'completed';
    completedAt: string;
    archivedTo: string;
    available: string[];
  };
  /** `stale`/`lastSeen` for a held PRD; `branch`/`holderPrd` when another PRD holds its branch. */
  E_ALREADY_CLAIMED: { prdId: string; holder: string; stale?: boolean; lastSeen?: string };
  E_DEPENDENCIES_UNMET: { prdId: string; missing: string[] };
  E_CONFLICT_RISK: { prdId: string; against: string[]; findings: readonly unknown[] };
  /** null while another start in this worktree is under way (which, it cannot say yet). */
  E_SESSION_BUSY: { sessionId: string | null; prdId: string | null };
  /** Every refusal over broken documents says what is broken, as validation diagnostics. */
  E_INVALID_STATE: { problems: readonly Diagnostic[] };
  /** `next`: the commands that recover, in order (the guide and the hint say the same). */
  E_MERGE_CONFLICT: { prdId: string; branch: string; files: string[]; next: string[] };
  E_LOCAL_STATE: { reason: string; paths: string[] };
}

/** What `details` holds for a code: its typed fields where listed, open facts otherwise. */
export type ErrorDetails<C extends ErrorCode> = C extends keyof ErrorFields
  ? ErrorFields[C] & Record<string, unknown>
  : Record<string, unknown>;

/** A code with typed fields must be given them: the output is the contract. */
export type LanesErrorOptions<C extends ErrorCode = ErrorCode> = {
  hint?: string;
  cause?: unknown;
} & (C extends keyof ErrorFields
  ? { details: ErrorDetails<C> }
  : /** Machine-readable facts for --json (holder, missing ids, files…). */
    { details?: ErrorDetails<C> });

export class LanesError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C;
  readonly hint?: string;
  readonly details?: Record<string, unknown>;

  constructor(
    code: C,
    ...[message, options = {} as LanesErrorOptions<C>]: C extends keyof ErrorFields
      ? [message: string, options: LanesErrorOptions<C>]
      : [message: string, options?: LanesErrorOptions<C>]
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LanesError';
    this.code = code;
    if (options.hint !== undefined) this.hint = options.hint;
    if (options.details !== undefined) this.details = options.details;
  }

  get exitCode(): number {
    return EXIT_CODES[this.code];
  }

  /** The `error` object of CLI.md's failure document. */
  toJSON(): { code: ErrorCode; message: string; hint?: string } & Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.details ?? {}),
    };
  }
}

// Duck-typed so an error from a second copy of this module (source vs dist in tests)
// is still recognised.
export function isLanesError(value: unknown): value is LanesError {
  return (
    value instanceof LanesError ||
    (value instanceof Error &&
      value.name === 'LanesError' &&
      typeof (value as Error & { code?: unknown }).code === 'string' &&
      (value as Error & { code: string }).code in EXIT_CODES)
  );
}
