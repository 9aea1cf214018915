export { main } from './main.js';
export type { Command, CommandResult } from './command.js';
