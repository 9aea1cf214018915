import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { LanesError, SESSION_ID } from '@lanes/core';
import type { CommandContext } from '@lanes/git';
import type { ParsedValues } from './args.js';

/** The command context the library packages see, plus what only the cli renders with. */
export interface CliContext extends CommandContext {
  json: boolean;
  color: boolean;
  /** The terminal's width when stdout is one; null otherwise (text is then never cut). */
  columns: number | null;
  /** Writes to stdout at once, for the commands that keep running (dashboard). */
  out(text: string): void;
}

export interface ProcessIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout(text: string): void;
  stderr(text: string): void;
  isTTY: boolean;
  /** The terminal's width, when stdout is a terminal that says. */
  columns?: number;
  now?: () => Date;
}

export function createContext(values: ParsedValues, io: ProcessIo): CliContext {
  const session = (values.session as string | undefined) ?? io.env.LANES_SESSION;
  if (session !== undefined && session !== '' && !SESSION_ID.test(session)) {
    throw new LanesError(
      'E_USAGE',
      `${values.session ? '--session' : 'LANES_SESSION'}: '${session}' is not a session id`,
      { hint: 'a session id looks like developer-a1b2c3 (letters, a dash, 6 hex digits)' },
    );
  }
  const json = values.json === true;
  const cwd = values.C ? resolve(io.cwd, values.C as string) : io.cwd;
  if (values.C) assertDirectory(cwd, values.C as string);
  return {
    cwd,
    env: io.env,
    json,
    offline: values.offline === true,
    ...(session ? { sessionOverride: session } : {}),
    color: io.isTTY && !json && !io.env.NO_COLOR && io.env.TERM !== 'dumb',
    columns: io.isTTY ? (io.columns ?? 80) : null,
    now: shiftedClock(io.now ?? (() => new Date()), io.env),
    note: (message) => io.stderr(`${message}\n`),
    out: (text) => io.stdout(text),
  };
}

/**
 * The process clock. LANES_NOW_OFFSET_SECONDS shifts it, a testing aid: the demo and
 * scenario tests make a session stale on purpose by running the others' commands
 * (and the hooks git starts from them, which inherit the variable) minutes ahead,
 * instead of waiting out a short timeout that a slow machine would race.
 */
function shiftedClock(clock: () => Date, env: NodeJS.ProcessEnv): () => Date {
  const raw = env.LANES_NOW_OFFSET_SECONDS;
  if (raw === undefined || raw.trim() === '') return clock;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds)) {
    throw new LanesError('E_USAGE', `LANES_NOW_OFFSET_SECONDS: '${raw}' is not a number`, {
      hint: 'seconds to add to the clock (a testing aid), e.g. 1200; unset it normally',
    });
  }
  return () => new Date(clock().getTime() + seconds * 1_000);
}

/** `-C <dir>` must name a directory, or every git call would fail with a misleading error. */
function assertDirectory(path: string, given: string): void {
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    // missing or unreadable: reported below
  }
  if (!isDirectory) {
    throw new LanesError('E_USAGE', `-C: '${given}' is not a directory`, {
      hint: 'pass the path of a clone of the project',
    });
  }
}
