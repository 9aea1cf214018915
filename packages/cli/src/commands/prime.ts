import { availableEntries, lockForSession, lockLiveness } from '@lanes/core';
import type { Command } from '../command.js';
import type { CliContext } from '../context.js';
import { renderPrime } from '../render/prime.js';
import { showReport } from './show.js';
import type { PrimeReport } from '../results.js';
import { claimingSession, loadCoordination, openWorkspace } from '@lanes/git';

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
    }));
    return { data, text: renderPrime(data) };
  },
};
