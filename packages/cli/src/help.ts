import { GLOBAL_OPTIONS, type OptionSpec } from './args.js';
import type { Command } from './command.js';

export function generalHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'lanes — parallel coding sessions on one git repository',
    '',
    'usage: lanes <command> [options]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'global options:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    "run 'lanes <command> --help' for a command's options",
  ].join('\n');
}

export function commandHelp(command: Command): string {
  const own = optionLines(command.options);
  return [
    `usage: lanes ${command.usage}`,
    '',
    command.summary,
    ...(own.length ? ['', 'options:', ...own] : []),
    '',
    'global options:',
    ...optionLines(GLOBAL_OPTIONS),
  ].join('\n');
}

function optionLines(options: Record<string, OptionSpec>): string[] {
  const rows = Object.entries(options).map(([name, spec]) => [
    flagText(name, spec),
    spec.description,
  ]);
  const width = Math.max(0, ...rows.map(([flag]) => flag!.length));
  return rows.map(([flag, description]) => `  ${flag!.padEnd(width)}  ${description}`);
}

function flagText(name: string, spec: OptionSpec): string {
  const long = name.length === 1 ? `-${name}` : `--${name}`;
  const short = 'short' in spec && spec.short ? `-${spec.short}, ` : '';
  if (spec.type === 'string') return `${short}${long} <${spec.valueName}>`;
  if (spec.type === 'optional-string') return `${long} [<${spec.valueName}>]`;
  return `${short}${long}`;
}
