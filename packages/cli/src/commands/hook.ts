import { LanesError } from '@lanes/core';
import {
  HOOK_NAMES,
  runPostCommit,
  runPostRewrite,
  runPrePush,
  type HookContext,
  type HookName,
  type HookResult,
} from '@lanes/hooks';
import type { Command } from '../command.js';
import type { CliContext } from '../context.js';
import { readAllStdin } from '../hook-stdin.js';
import { lanesBinPath } from '../lanes-bin.js';

function hookName(word: string | undefined): HookName {
  const known = HOOK_NAMES.find((name) => name === word);
  if (known !== undefined) return known;
  throw new LanesError(
    'E_USAGE',
    word === undefined ? 'hook: the hook name is required' : `hook: unknown hook '${word}'`,
    { hint: `lanes hook ${HOOK_NAMES.join(' | ')} (the installed hook scripts call it)` },
  );
}

async function runHook(ctx: CliContext, hook: HookName, args: string[]): Promise<HookResult> {
  const hookCtx: HookContext = {
    cwd: ctx.cwd,
    env: ctx.env,
    now: ctx.now,
    lanesBin: lanesBinPath(),
  };
  if (hook === 'pre-push') return runPrePush(hookCtx, args, await readAllStdin());
  // A commit must never fail because of lanes, whatever happens in here.
  try {
    return hook === 'post-commit'
      ? await runPostCommit(hookCtx)
      : await runPostRewrite(hookCtx, args);
  } catch {
    return { exitCode: 0, stderr: [] };
  }
}

export const hookCommand: Command = {
  name: 'hook',
  summary: 'entry point of the installed hook scripts',
  usage: 'hook <post-commit | post-rewrite | pre-push> [<git’s hook arguments>]',
  options: {},
  // The hook name, then what git passes: pre-push <remote> <url>, post-rewrite <command>.
  maxPositionals: 3,
  async run(ctx, { positionals }) {
    const [word, ...args] = positionals;
    const hook = hookName(word);
    const result = await runHook(ctx, hook, args);
    for (const line of result.stderr) ctx.note(line);
    return {
      data: { hook, exitCode: result.exitCode, messages: result.stderr },
      text: '',
      exitCode: hook === 'pre-push' ? result.exitCode : 0,
    };
  },
};
