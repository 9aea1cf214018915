import type { Command } from '../command.js';
import { validateCommand } from './validate.js';

export const COMMANDS: readonly Command[] = [validateCommand];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((command) => command.name === name);
}

/** How many of the leading words name a command: 2 for `prd add`, 1 for `status`, else 0. */
export function commandWordCount(words: string[]): number {
  if (words.length >= 2 && findCommand(`${words[0]} ${words[1]}`)) return 2;
  if (words.length >= 1 && findCommand(words[0]!)) return 1;
  return 0;
}
