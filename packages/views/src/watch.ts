import ansiEscapes from 'ansi-escapes';
import { isLanesError } from '@lanes/core';
import { buildViewModel, type ViewModel } from './model.js';
import { readReport } from './read-report.js';
import { renderScreen } from './terminal.js';
import type { CommandContext, Workspace } from '@lanes/git';

// `lanes status --watch`: the screen redrawn in place every second (ages count up),
// the remote read again every interval, on the terminal's alternate screen so that
// leaving (q, Ctrl-C, SIGTERM) puts back what was there before.

/** The terminal the view draws on; process.stdout/stdin in real use. */
export interface WatchTerminal {
  size(): { columns: number; rows: number };
  write(text: string): void;
  /** Raw keys until the returned function is called (which restores the terminal). */
  listen(onKey: (key: string) => void, onResize: () => void): () => void;
}

const TICK_MS = 1_000;
const QUIT_KEYS = new Set(['q', 'Q', '\u0003', '\u0004']);

export async function watchStatus(
  ctx: CommandContext & { color: boolean },
  ws: Workspace,
  options: { intervalMs: number; terminal?: WatchTerminal },
): Promise<void> {
  const terminal = options.terminal ?? processTerminal();
  // Notes (offline) would scribble over the screen: the last one is shown in it.
  let problem: string | undefined;
  const quiet: CommandContext = { ...ctx, note: (message) => (problem = message) };
  // The first read fails loudly (not initialized, no remote), before the screen changes.
  let model: ViewModel = buildViewModel((await readReport(quiet, ws)).report, ctx.now());
  problem = undefined;

  await new Promise<void>((resolve) => {
    let stopped = false;
    let poll: NodeJS.Timeout | undefined;
    const draw = () => {
      if (stopped) return;
      const { columns, rows } = terminal.size();
      const lines = renderScreen(model, {
        now: ctx.now(),
        width: Math.max(20, columns),
        height: Math.max(3, rows),
        color: ctx.color,
        ...(problem === undefined ? {} : { problem }),
      });
      terminal.write(
        ansiEscapes.cursorTo(0, 0) +
          lines.map((text) => text + ansiEscapes.eraseEndLine).join('\n') +
          ansiEscapes.eraseDown,
      );
    };
    const read = async () => {
      try {
        const next = await readReport(quiet, ws);
        model = buildViewModel(next.report, ctx.now());
        problem = undefined;
      } catch (error) {
        // A failed read (remote unreachable) keeps the last state on screen, saying why.
        problem = isLanesError(error) ? error.message : String(error);
      }
      draw();
      if (!stopped) poll = setTimeout(() => void read(), options.intervalMs);
    };
    const stop = () => {
      if (stopped) return;
      stopped = true;
      clearInterval(tick);
      clearTimeout(poll);
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      release();
      terminal.write(ansiEscapes.cursorShow + ansiEscapes.exitAlternativeScreen);
      resolve();
    };
    terminal.write(
      ansiEscapes.enterAlternativeScreen + ansiEscapes.cursorHide + ansiEscapes.clearScreen,
    );
    const release = terminal.listen((key) => {
      if (QUIT_KEYS.has(key)) stop();
    }, draw);
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    const tick = setInterval(draw, TICK_MS);
    draw();
    poll = setTimeout(() => void read(), options.intervalMs);
  });
}

function processTerminal(): WatchTerminal {
  const { stdin, stdout } = process;
  return {
    size: () => ({ columns: stdout.columns ?? 80, rows: stdout.rows ?? 24 }),
    write: (text) => void stdout.write(text),
    listen(onKey, onResize) {
      const onData = (data: Buffer) => onKey(data.toString('utf8'));
      stdout.on('resize', onResize);
      if (stdin.isTTY) stdin.setRawMode(true);
      stdin.on('data', onData);
      stdin.resume();
      return () => {
        stdout.off('resize', onResize);
        stdin.off('data', onData);
        if (stdin.isTTY) stdin.setRawMode(false);
        stdin.pause();
      };
    },
  };
}
