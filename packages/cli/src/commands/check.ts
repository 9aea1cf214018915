import {
  highestPathRisk,
  LanesError,
  parseToolCall,
  pathRisks,
  preToolUseAnswer,
} from '@lanes/core';
import type { Command } from '../command.js';
import type { CliContext } from '../context.js';
import { gatherPathEvidence } from '../check/path-evidence.js';
import { repoRelativePath } from '../check/repo-paths.js';
import { readAllStdin } from '../hook-stdin.js';
import { renderCheck } from '../render/check.js';
import type { CheckReport } from '../results.js';
import { openWorkspace } from '@lanes/git';

/** Exit 3 (CLI.md: refused by a coordination rule) when some path is high risk. */
const HIGH_RISK_EXIT = 3;

async function check(ctx: CliContext, given: readonly string[], cwd: string, strict: boolean) {
  const ws = await openWorkspace({ ...ctx, cwd });
  const paths: string[] = [];
  for (const path of given) {
    const relative = repoRelativePath(ws.repo.root, cwd, path);
    if (relative !== undefined) paths.push(relative);
    else if (strict) {
      throw new LanesError('E_USAGE', `check: '${path}' is outside the repository`, {
        hint: `name files inside ${ws.repo.root}`,
      });
    }
  }
  const evidence = await gatherPathEvidence(ctx, ws);
  for (const problem of evidence.problems) ctx.note(`note: ${problem}`);
  const risks = pathRisks([...new Set(paths)], evidence.others, evidence.shared);
  const { others: _others, shared: _shared, ...facts } = evidence;
  return { ...facts, risk: highestPathRisk(risks), paths: risks } satisfies CheckReport;
}

/**
 * `--hook`: Claude Code's PreToolUse. Denies a high-risk edit with the reason and the
 * holder; says nothing otherwise. Never fails the runtime: an error lets the edit go.
 */
async function hookCheck(ctx: CliContext) {
  try {
    const call = parseToolCall(await readAllStdin());
    if (call.paths.length === 0) return { data: { decision: null }, text: '' };
    const report = await check(ctx, call.paths, call.cwd ?? ctx.cwd, false);
    const allowed = ctx.env.LANES_ALLOW_CONFLICT === '1';
    if (allowed && report.risk === 'high')
      ctx.note('lanes: LANES_ALLOW_CONFLICT=1: high risk let through');
    const answer = allowed ? '' : preToolUseAnswer(report.paths);
    return { data: { decision: answer === '' ? null : 'deny', ...report }, text: answer };
  } catch (error) {
    ctx.note(`lanes check: ${(error as Error).message} (edit not checked)`);
    return { data: { decision: null }, text: '' };
  }
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'would editing these paths collide with another live session?',
  usage: 'check <path>... [--hook]',
  options: {
    hook: {
      type: 'boolean',
      description: 'PreToolUse hook: read the tool call from stdin, deny a high-risk edit',
    },
  },
  maxPositionals: Number.POSITIVE_INFINITY,
  async run(ctx, { values, positionals }) {
    if (values.hook === true) return hookCheck(ctx);
    if (positionals.length === 0) {
      throw new LanesError('E_USAGE', 'check: name at least one path', {
        hint: 'lanes check src/print/template.ts [more paths]',
      });
    }
    const report = await check(ctx, positionals, ctx.cwd, true);
    return {
      data: report,
      text: renderCheck(report, {
        color: ctx.color,
        width: ctx.columns ?? Number.POSITIVE_INFINITY,
      }),
      exitCode: report.risk === 'high' ? HIGH_RISK_EXIT : 0,
    };
  },
};
