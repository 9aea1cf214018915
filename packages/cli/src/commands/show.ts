import {
  branchForPrd,
  LanesError,
  lockForPrd,
  lockForSession,
  normalizePrdId,
  type CoordinationState,
} from '@lanes/core';
import type { Command } from '../command.js';
import { claimingSession } from '../claim-session.js';
import { renderShow } from '../render/show.js';
import { loadCoordination, openWorkspace } from '../workspace.js';

export interface ShownStory {
  id: string;
  title: string;
  priority: number | null;
  completed: boolean;
  current: boolean;
  acceptanceCriteria: string[];
}

export interface ShowReport {
  prdId: string;
  title: string;
  /** The registry's status: draft, ready, in_progress, blocked. */
  status: string;
  file: string;
  branch: string;
  description: string | null;
  /** The session holding it, or null. */
  sessionId: string | null;
  currentStory: string | null;
  completedStories: string[];
  stories: ShownStory[];
  /** The first story not completed yet (the current one first), or null when all are done. */
  nextStory: string | null;
}

const noSession = () =>
  new LanesError('E_NO_SESSION', 'this worktree holds no claim, so there is no PRD to show', {
    hint: "name one ('lanes show <prd>'), or 'lanes claim' first",
  });

/** What `lanes show` answers for an open PRD of the state (E_UNKNOWN_PRD for any other). */
export function showReport(state: CoordinationState, prdId: string): ShowReport {
  const entry = state.registry.prds.find((open) => open.id === prdId);
  if (entry === undefined) {
    throw new LanesError('E_UNKNOWN_PRD', `no open PRD '${prdId}' in docs/prd-registry.json`, {
      hint: "'lanes status' lists every PRD",
      details: { prdId },
    });
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
    const { state } = await loadCoordination(ctx, ws);
    let prdId = named;
    if (prdId === undefined) {
      const { sessionId } = await claimingSession(ctx, ws);
      const own = sessionId === null ? undefined : lockForSession(state.locks, sessionId);
      if (own === undefined) throw noSession();
      prdId = own.prdId;
    }
    const data = showReport(state, prdId);
    return { data, text: renderShow(data, { color: ctx.color }) };
  },
};
