import { keepGitViewTrue } from './git-view.js';
import { isLanesError, LanesError } from '@lanes/core';
import { parseCommandLine, splitCommand } from './args.js';
import { fileSystemError } from './fs-error.js';
import type { Command, CommandResult } from './command.js';
import { COMMANDS, commandWordCount, findCommand } from './commands/index.js';
import { createContext, type ProcessIo } from './context.js';
import { commandHelp, generalHelp } from './help.js';
import { messages } from './messages.js';
import { VERSION } from './version.js';

function processIo(): ProcessIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stdout.isTTY),
    ...(process.stdout.columns ? { columns: process.stdout.columns } : {}),
  };
}

/** The only place that turns results and errors into output and an exit code. */
export async function main(argv: readonly string[], io: ProcessIo = processIo()): Promise<number> {
  const wantsJson = argv.includes('--json');
  try {
    const result = await dispatch(argv, io);
    if (result.written) return result.exitCode ?? 0;
    if (wantsJson) io.stdout(`${JSON.stringify(result.data, null, 2)}\n`);
    else if (result.text) io.stdout(result.text.endsWith('\n') ? result.text : `${result.text}\n`);
    return result.exitCode ?? 0;
  } catch (caught) {
    const error = isLanesError(caught)
      ? caught
      : (fileSystemError(caught) ?? internalError(caught));
    if (wantsJson) io.stdout(`${JSON.stringify({ error: error.toJSON() }, null, 2)}\n`);
    io.stderr(renderError(error, wantsJson));
    return error.exitCode;
  }
}

/**
 * Runs one command in this process as `lanes --json <argv>` would, for callers that
 * serve the CLI's answers themselves (the MCP server): the JSON document and the exit
 * code; notes go to `stderr`, nothing to this process's stdout.
 */
export async function runJson(
  argv: readonly string[],
  io: Pick<ProcessIo, 'cwd' | 'env' | 'stderr'>,
): Promise<{ json: unknown; exitCode: number }> {
  let out = '';
  const exitCode = await main(['--json', ...argv], {
    ...io,
    stdout: (text) => {
      out += text;
    },
    isTTY: false,
  });
  return { json: JSON.parse(out) as unknown, exitCode };
}

async function dispatch(argv: readonly string[], io: ProcessIo): Promise<CommandResult> {
  const { words, rest } = splitCommand(argv, commandWordCount);
  const command = words.length > 0 ? findCommand(words.join(' ')) : undefined;
  if (!command) {
    const parsed = parseCommandLine(rest, {}, 'lanes');
    if (parsed.values.version) return { data: { version: VERSION }, text: VERSION };
    if (parsed.values.help || (argv.length === 0 && parsed.positionals.length === 0)) {
      return { data: { commands: COMMANDS.map((c) => c.name) }, text: generalHelp(COMMANDS) };
    }
    throw new LanesError('E_USAGE', messages.unknownCommand(parsed.positionals.join(' ')), {
      hint: messages.seeHelp,
    });
  }
  const parsed = parseCommandLine(rest, command.options, command.name);
  if (parsed.values.help) return { data: helpData(command), text: commandHelp(command) };
  if (parsed.values.version) return { data: { version: VERSION }, text: VERSION };
  if (parsed.positionals.length > command.maxPositionals) {
    throw new LanesError(
      'E_USAGE',
      messages.tooManyArguments(command.name, parsed.positionals.slice(command.maxPositionals)),
      { hint: `usage: lanes ${command.usage}` },
    );
  }
  const ctx = createContext(parsed.values, io);
  const result = await command.run(ctx, parsed);
  // Only after success: a refused command changes nothing in the clone.
  if (command.movesBranches) await keepGitViewTrue(ctx);
  return result;
}

function helpData(command: Command) {
  return { command: command.name, usage: `lanes ${command.usage}`, summary: command.summary };
}

function internalError(caught: unknown): LanesError {
  return new LanesError('E_INTERNAL', messages.internal(caught), {
    hint: messages.reportBug,
    cause: caught,
  });
}

function renderError(error: LanesError, json: boolean): string {
  if (json) return '';
  const lines = [`lanes: ${error.message} (${error.code})`];
  if (error.hint) lines.push(`hint: ${error.hint}`);
  if (error.code === 'E_INTERNAL' && error.cause instanceof Error && error.cause.stack) {
    lines.push(error.cause.stack);
  }
  return `${lines.join('\n')}\n`;
}
