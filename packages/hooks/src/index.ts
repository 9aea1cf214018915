export type { HookContext, HookResult } from './context.js';
export { BLOCKED_EXIT_CODE } from './context.js';
export { runPostCommit, runPostRewrite, type PingHookOptions } from './ping-hooks.js';
export { runPrePush, PRE_PUSH_REMOTE_TIMEOUT_MS } from './pre-push.js';
export {
  decidePing,
  reasonToStayQuiet,
  type PingDecision,
  type PingStamp,
} from './ping-decision.js';
export {
  decidePrePush,
  type OtherSession,
  type PrePushDecision,
  type PrePushFacts,
  type PushedRefFacts,
  type SessionRisk,
} from './pre-push-decision.js';
export { parsePushLines, type RefUpdate } from './push-lines.js';
export {
  installHooks,
  uninstallHooks,
  ensureWorktreeHooks,
  hooksInstalled,
  type InstallOptions,
  type InstallResult,
} from './install/install.js';
export type { HookChange } from './install/git-mode.js';
export { HOOK_NAMES, type HookName } from './install/hook-scripts.js';
export type { HookMode } from './install/setup.js';
// For the runtime hooks' pings (`lanes heartbeat --hook`, the MCP server): the same stamp
// and throttle as the commit hooks, so a worktree pings at most once per interval.
export { readStamp, writeStamp, appendLog, logFile } from './git-dir-files.js';
export { spawnDetachedPing } from './detached-ping.js';
export { readHookConfig } from './hook-config.js';
export { shellQuote } from './install/hook-scripts.js';
export { PACKAGE_BIN } from './install/shell-decisions.js';
