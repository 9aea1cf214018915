import { describeAge } from '@lanes/core';
import type { SessionJson } from '../results.js';
import { whoOfSession } from '../views/model.js';
import { line, oneLine, WIDTH, type Paint, type Part } from './layout.js';

// How one session reads in `lanes status` and `lanes stale`: the PRD and its title,
// then who holds it, how far it is, when it was last seen, and its branch.

/** `2/5 US-003`: stories completed of total, then the current story. */
function progressText(
  session: Pick<SessionJson, 'stories' | 'currentStory' | 'completedStories'>,
): string {
  const done = session.stories
    ? `${session.completedStories.length}/${session.stories.total}`
    : session.completedStories.length > 0
      ? `${session.completedStories.length} done`
      : '';
  return [done, session.currentStory ?? ''].filter(Boolean).join(' ');
}

function ageText(session: Pick<SessionJson, 'lastSeenAgeSeconds'>): string {
  return session.lastSeenAgeSeconds === null
    ? 'unknown'
    : `${describeAge(session.lastSeenAgeSeconds * 1000)} ago`;
}

function statusText(session: SessionJson): string | undefined {
  if (session.status === 'merging') return 'merging';
  if (session.status === 'queued') {
    return session.queuePosition === null ? 'queued' : `queued #${session.queuePosition}`;
  }
  return undefined;
}

/** The heading line of a session: `  prd-x  Title`. */
function sessionHeading(session: SessionJson, paint: Paint, width = WIDTH): string {
  const parts: Part[] = ['  ', ['strong', session.prdId]];
  if (session.title) parts.push('  ', ['dim', oneLine(session.title)]);
  return line(parts, paint, width);
}

/** The detail line: session and who, progress, last seen, queue state, branch. */
function sessionDetail(session: SessionJson, paint: Paint, width = WIDTH): string {
  const seen: Part = session.stale
    ? ['warn', `last seen ${ageText(session)}`]
    : `seen ${ageText(session)}`;
  const who = oneLine(whoOfSession(session));
  const items: Part[] = [who ? `${session.sessionId} (${who})` : session.sessionId];
  const progress = progressText(session);
  if (progress) items.push(progress);
  items.push(seen);
  const state = statusText(session);
  if (state) items.push(state);
  items.push(session.branch);
  const parts: Part[] = ['    '];
  items.forEach((item, index) => parts.push(...(index === 0 ? [item] : [' · ', item])));
  return line(parts, paint, width);
}

export function sessionLines(session: SessionJson, paint: Paint, width = WIDTH): string[] {
  const lines = [sessionHeading(session, paint, width), sessionDetail(session, paint, width)];
  if (session.status === 'blocked') {
    const reason = oneLine(session.blockedReason ?? '') || 'no reason given';
    lines.push(line(['    ', ['bad', 'blocked: '], reason], paint, width));
  }
  return lines;
}
