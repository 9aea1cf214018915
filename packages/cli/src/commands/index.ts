import type { Command } from '../command.js';
import { initCommand } from './init.js';
import { prdAddCommand } from './prd-add.js';
import { prdReadyCommand } from './prd-ready.js';
import { claimCommand } from './claim.js';
import { resumeCommand } from './resume.js';
import { heartbeatCommand } from './heartbeat.js';
import { unblockCommand } from './unblock.js';
import { syncCommand } from './sync.js';
import { statusCommand } from './status.js';
import { dashboardCommand } from './dashboard.js';
import { staleCommand } from './stale.js';
import { gcCommand } from './gc.js';
import { abandonCommand } from './abandon.js';
import { conflictsCommand } from './conflicts.js';
import { releaseCommand } from './release.js';
import { hooksInstallCommand } from './hooks-install.js';
import { hooksUninstallCommand } from './hooks-uninstall.js';
import { hookCommand } from './hook.js';
import { validateCommand } from './validate.js';
import { showCommand } from './show.js';
import { checkCommand } from './check.js';
import { primeCommand } from './prime.js';
import { mcpCommand } from './mcp.js';
import { setupClaudeCommand, setupCodexCommand } from './setup.js';

export const COMMANDS: readonly Command[] = [
  initCommand,
  prdAddCommand,
  prdReadyCommand,
  statusCommand,
  dashboardCommand,
  claimCommand,
  heartbeatCommand,
  syncCommand,
  releaseCommand,
  abandonCommand,
  resumeCommand,
  staleCommand,
  unblockCommand,
  gcCommand,
  validateCommand,
  conflictsCommand,
  hooksInstallCommand,
  hooksUninstallCommand,
  hookCommand,
  showCommand,
  checkCommand,
  primeCommand,
  mcpCommand,
  setupClaudeCommand,
  setupCodexCommand,
];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((command) => command.name === name);
}

/** How many of the leading words name a command: 2 for `prd add`, 1 for `status`, else 0. */
export function commandWordCount(words: string[]): number {
  if (words.length >= 2 && findCommand(`${words[0]} ${words[1]}`)) return 2;
  if (words.length >= 1 && findCommand(words[0]!)) return 1;
  return 0;
}
