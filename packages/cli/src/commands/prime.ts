import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { AGENT_GUIDE_PATH, availableEntries, lockForSession, lockLiveness } from '@lanes/core';
import { SHIPPED_GUIDE } from '../agent-guide.js';
import type { Command } from '../command.js';
import type { CliContext } from '../context.js';
import { renderPrime } from '../render/prime.js';
import { showReport } from './show.js';
import type { PrimeReport } from '../results.js';
import { claimingSession, loadCoordination, openWorkspace, type Workspace } from '@lanes/git';

/**
 * Where the agent reads the guide: the checkout's copy; else the coordination branch's
 * (lanes init writes it there, so with the state on lanes/state main has none); else the
 * one this lanes ships.
 */
async function guideLocation(ws: Workspace, paths: readonly string[]): Promise<string> {
  const inCheckout = await access(join(ws.repo.root, AGENT_GUIDE_PATH)).then(
    () => true,
    () => false,
  );
  if (inCheckout) return AGENT_GUIDE_PATH;
  const { remote, branch } = ws.coords;
  if (paths.includes(AGENT_GUIDE_PATH)) return `git show ${remote}/${branch}:${AGENT_GUIDE_PATH}`;
  return SHIPPED_GUIDE;
}

async function prime(ctx: CliContext): Promise<PrimeReport> {
  const ws = await openWorkspace(ctx);
  const { state, liveness } = await loadCoordination(ctx, ws);
  const { sessionId } = await claimingSession(ctx, ws);
  const own = sessionId === null ? undefined : lockForSession(state.locks, sessionId);
  const now = ctx.now();
  return {
    sessionId,
    prd: own === undefined ? null : showReport({ state, prdId: own.prdId, liveness, now }),
    others: state.locks.sessions
      .filter((lock) => lock.sessionId !== sessionId)
      .filter((lock) => !lockLiveness(lock, liveness, state.config, now).stale)
      .map(({ sessionId: id, prdId, branch }) => ({ sessionId: id, prdId, branch })),
    available: own === undefined ? availableEntries(state).map((entry) => entry.id) : [],
    problem: null,
    guide: await guideLocation(ws, state.paths),
  };
}

export const primeCommand: Command = {
  name: 'prime',
  summary: 'a short context for an agent: session, PRD, next story, rules',
  usage: 'prime',
  options: {},
  maxPositionals: 0,
  async run(ctx) {
    // A session start must never fail because of lanes: without the state, the rules.
    const data = await prime(ctx).catch((error: Error): PrimeReport => ({
      sessionId: null,
      prd: null,
      others: [],
      available: [],
      problem: error.message,
      guide: SHIPPED_GUIDE,
    }));
    return { data, text: renderPrime(data) };
  },
};
