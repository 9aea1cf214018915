import {
  branchForPrd,
  LanesError,
  lockForPrd,
  lockForSession,
  lockLiveness,
  normalizePrdId,
  notActive,
  unknownPrd,
  type CoordinationState,
  type Liveness,
} from '@lanes/core';
import type { Command } from '../command.js';
import { renderShow } from '../render/show.js';
import type { ShowReport } from '../results.js';
import { claimingSession, loadCoordination, openWorkspace } from '@lanes/git';
import { noteMissingHooks } from '@lanes/start-work';

const pick = ({ lastSeen, stale }: { lastSeen: string; stale: boolean }) => ({ lastSeen, stale });

const noSession = () =>
  new LanesError('E_NO_SESSION', 'this worktree holds no claim, so there is no PRD to show', {
    hint: "name one ('lanes show <prd>'), or 'lanes claim' first",
  });

export interface ShowInput {
  state: CoordinationState;
  prdId: string;
  liveness: readonly Liveness[];
  now: Date;
}

/**
 * What `lanes show` answers for an open PRD of the state: E_PRD_COMPLETED or
 * E_NOTHING_AVAILABLE (abandoned) for an archived one, E_UNKNOWN_PRD with the
 * `available` ids for any other.
 */
export function showReport({ state, prdId, liveness, now }: ShowInput): ShowReport {
  const entry = state.registry.prds.find((open) => open.id === prdId);
  if (entry === undefined) {
    throw notActive(state.registry, prdId) ?? unknownPrd(state.registry, prdId);
  }
  const prd = state.prds[entry.file];
  const lock = lockForPrd(state.locks, entry.id);
  const completed = lock?.completedStories ?? [];
  const current = lock?.currentStory ?? entry.currentStory ?? null;
  const stories = (prd?.userStories ?? []).map((story) => ({
    id: story.id,
    title: story.title,
    priority: story.priority ?? null,
    completed: completed.includes(story.id),
    current: story.id === current,
    acceptanceCriteria: story.acceptanceCriteria ?? [],
  }));
  const open = stories.filter((story) => !story.completed);
  return {
    prdId: entry.id,
    title: entry.title,
    status: entry.status,
    file: entry.file,
    branch: lock?.branch ?? branchForPrd(entry, prd),
    description: prd?.description ?? null,
    sessionId: lock?.sessionId ?? null,
    holder:
      lock === undefined
        ? null
        : {
            sessionId: lock.sessionId,
            status: lock.status,
            ...pick(lockLiveness(lock, liveness, state.config, now)),
          },
    currentStory: current,
    completedStories: completed,
    stories,
    nextStory: (open.find((story) => story.current) ?? open[0])?.id ?? null,
  };
}

export const showCommand: Command = {
  name: 'show',
  summary: 'the PRD of a session: stories, progress, branch',
  usage: 'show [<prd>]',
  options: {},
  maxPositionals: 1,
  async run(ctx, { positionals }) {
    const named = positionals[0] === undefined ? undefined : normalizePrdId(positionals[0]);
    const ws = await openWorkspace(ctx);
    const { state, liveness } = await loadCoordination(ctx, ws);
    let prdId = named;
    if (prdId === undefined) {
      const { sessionId } = await claimingSession(ctx, ws);
      const own = sessionId === null ? undefined : lockForSession(state.locks, sessionId);
      if (own === undefined) throw noSession();
      prdId = own.prdId;
      // Said at claim too, but a claim killed before its last words never said it.
      await noteMissingHooks(ctx, ws.repo.root);
    }
    const data = showReport({ state, prdId, liveness, now: ctx.now() });
    return { data, text: renderShow(data, { color: ctx.color }) };
  },
};
