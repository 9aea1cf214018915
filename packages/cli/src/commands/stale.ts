import { sessionJson, staleSessionViews } from '@lanes/core';
import type { Command } from '../command.js';
import { renderStale } from '../render/stale.js';
import { loadCoordination, openWorkspace } from '@lanes/git';

export const staleCommand: Command = {
  name: 'stale',
  summary: 'the stale sessions and the choices',
  usage: 'stale',
  options: {},
  maxPositionals: 0,
  async run(ctx) {
    const ws = await openWorkspace(ctx);
    const { state, liveness } = await loadCoordination(ctx, ws);
    const sessions = staleSessionViews(state, liveness, ctx.now()).map((view) =>
      sessionJson(view, state),
    );
    return {
      data: { sessions },
      text: renderStale(sessions, {
        color: ctx.color,
        timeoutMinutes: state.config.heartbeatTimeoutMinutes,
      }),
    };
  },
};
