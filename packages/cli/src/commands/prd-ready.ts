import {
  applyPrdReady,
  findEntry,
  LanesError,
  normalizePrdId,
  unmetDependencies,
} from '@lanes/core';
import type { Command } from '../command.js';
import { renderPrdReady } from '../render/prd.js';
import type { PrdReadyResult } from '../results.js';
import { commitTransition, openWorkspace, syncLocalCheckout } from '@lanes/git';

export const prdReadyCommand: Command = {
  name: 'prd ready',
  summary: 'promote a draft PRD to ready',
  usage: 'prd ready <prd>',
  options: {},
  maxPositionals: 1,
  async run(ctx, { positionals }) {
    if (positionals[0] === undefined) {
      throw new LanesError('E_USAGE', 'prd ready: <prd> is required', {
        hint: 'usage: lanes prd ready <prd> (`lanes status` lists the drafts)',
      });
    }
    const prdId = normalizePrdId(positionals[0]);
    const ws = await openWorkspace(ctx);
    const { result, commit } = await commitTransition(
      ctx,
      ws,
      (state) => applyPrdReady({ state, prdId }),
      () => `chore: ready ${prdId}`,
    );
    await syncLocalCheckout(ws, commit);
    const entry = findEntry(result.registry, prdId);
    const data: PrdReadyResult = {
      prdId,
      status: 'ready',
      file: entry?.file ?? `docs/prds/${prdId}.json`,
      changed: result.changed,
      unmetDependencies: unmetDependencies(result.registry, entry ?? {}),
      commit,
    };
    return { data, text: renderPrdReady(data, { color: ctx.color }) };
  },
};
