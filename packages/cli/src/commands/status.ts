import { LanesError } from '@lanes/core';
import type { Command } from '../command.js';
import type { CliContext } from '../context.js';
import { renderStatus } from '../render/status.js';
import { buildViewModel, readReport, renderPage, watchStatus } from '@lanes/views';
import { parseSeconds } from '../seconds.js';
import { openWorkspace } from '@lanes/git';

export const statusCommand: Command = {
  name: 'status',
  summary: 'the dashboard',
  usage: 'status [--watch [--interval <s>] | --html]',
  options: {
    watch: { type: 'boolean', description: 'a live view that redraws in place; q quits' },
    interval: {
      type: 'string',
      valueName: 's',
      description: 'with --watch: seconds between reads of the remote (default 3)',
    },
    html: { type: 'boolean', description: 'print the dashboard as one static HTML file' },
  },
  maxPositionals: 0,
  async run(ctx, { values }) {
    const mode = statusMode(ctx, values);
    const ws = await openWorkspace(ctx);
    if (mode.kind === 'watch') {
      await watchStatus(ctx, ws, { intervalMs: mode.intervalMs });
      return { data: null, text: '', written: true };
    }
    const read = await readReport(ctx, ws);
    const { report } = read;
    if (mode.kind === 'html') {
      return { data: report, text: renderPage(buildViewModel(report, ctx.now()), { live: false }) };
    }
    return {
      data: report,
      text: renderStatus(report, {
        color: ctx.color,
        width: ctx.columns ?? Number.POSITIVE_INFINITY,
        now: ctx.now(),
        ...(read.riskProblem === undefined ? {} : { riskProblem: read.riskProblem }),
      }),
    };
  },
};

type StatusMode = { kind: 'text' } | { kind: 'html' } | { kind: 'watch'; intervalMs: number };

function statusMode(ctx: CliContext, values: Record<string, unknown>): StatusMode {
  const interval = values.interval as string | undefined;
  if (interval !== undefined && values.watch !== true) {
    throw new LanesError('E_USAGE', 'status: --interval goes with --watch', {
      hint: "run 'lanes status --watch --interval 5'",
    });
  }
  if (values.watch === true && values.html === true) {
    throw new LanesError('E_USAGE', 'status: --watch and --html cannot be combined', {
      hint: "'lanes status --html > report.html' writes one file; 'lanes dashboard' is live",
    });
  }
  if (values.html === true) {
    if (ctx.json) {
      throw new LanesError('E_USAGE', 'status: --html and --json cannot be combined', {
        hint: "'lanes status --json' is the same data as JSON",
      });
    }
    return { kind: 'html' };
  }
  if (values.watch !== true) return { kind: 'text' };
  if (ctx.json) {
    throw new LanesError('E_USAGE', 'status: --watch draws for a terminal, not --json', {
      hint: "poll 'lanes status --json', or read 'lanes dashboard' at /api/status",
    });
  }
  if (ctx.columns === null) {
    throw new LanesError('E_USAGE', 'status --watch: stdout is not a terminal', {
      hint: "run it in a terminal; 'lanes status' prints the state once",
    });
  }
  return { kind: 'watch', intervalMs: parseSeconds('--interval', interval, 3) * 1000 };
}
