import { describeAge } from '@lanes/core';
import type { SessionJson } from '../results.js';
import { line, oneLine, type Paint, type Part, whoOfSession, WIDTH } from '@lanes/views';

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

/** A session's heading (`  prd-x  Title`), its detail line (session and who, progress, last seen, queue state, branch), and why it is blocked. */
export function sessionLines(session: SessionJson, paint: Paint, width = WIDTH): string[] {
  const heading: Part[] = ['  ', ['strong', session.prdId]];
  if (session.title) heading.push('  ', ['dim', oneLine(session.title)]);
  const who = oneLine(whoOfSession(session));
  const seen: Part = session.stale
    ? ['warn', `last seen ${ageText(session)}`]
    : `seen ${ageText(session)}`;
  const items: Part[] = [
    who ? `${session.sessionId} (${who})` : session.sessionId,
    progressText(session),
    seen,
    statusText(session) ?? '',
    session.branch,
  ].filter((item) => item !== '');
  const detail: Part[] = ['    '];
  items.forEach((item, index) => detail.push(...(index === 0 ? [item] : [' · ', item])));
  const lines = [line(heading, paint, width), line(detail, paint, width)];
  if (session.status === 'blocked') {
    const reason = oneLine(session.blockedReason ?? '') || 'no reason given';
    lines.push(line(['    ', ['bad', 'blocked: '], reason], paint, width));
  }
  return lines;
}
