// The post-commit and post-rewrite decisions, over plain facts. The hooks gather the
// cheap facts first and stop at the first reason to do nothing.

/** What the last ping from this worktree left behind (a small file in the git dir). */
export interface PingStamp {
  at: string;
  story?: string;
}

export interface QuietFacts {
  /** LANES_SKIP_HOOKS=1 */
  skipRequested: boolean;
  /** A claim record exists in this worktree. */
  claimed: boolean;
  /** A rebase or cherry-pick marker in the git dir, if any (ignored when `duringOperation`). */
  operation?: string;
  /** `agents.multiSession` is true in the worktree's project.json. */
  coordinationOn: boolean;
}

/** Why the hook should do nothing, or undefined when it should go on. */
export function reasonToStayQuiet(facts: QuietFacts): string | undefined {
  if (facts.skipRequested) return 'LANES_SKIP_HOOKS=1';
  if (!facts.claimed) return 'this worktree holds no claim';
  if (facts.operation !== undefined) return `${facts.operation} in progress`;
  if (!facts.coordinationOn) return 'coordination is off (solo mode)';
  return undefined;
}

export interface PingFacts {
  lastPing?: PingStamp;
  /** The story id in the commit subject, if any. */
  story?: string;
  intervalSeconds: number;
  /** False after a rebase: one ping then, however recent the last. */
  throttle: boolean;
  now: Date;
}

export type PingDecision =
  { action: 'skip'; reason: string } | { action: 'ping'; story?: string; reason: string };

/**
 * At most one ping per interval, except that a new story in the subject is news worth
 * a ping at once (the lock's currentStory would otherwise lag a whole interval).
 */
export function decidePing(facts: PingFacts): PingDecision {
  const story = facts.story === undefined ? {} : { story: facts.story };
  if (!facts.throttle) return { action: 'ping', ...story, reason: 'after a rewrite' };
  if (facts.lastPing === undefined) return { action: 'ping', ...story, reason: 'first ping' };
  if (facts.story !== undefined && facts.story !== facts.lastPing.story) {
    return { action: 'ping', ...story, reason: `story changed to ${facts.story}` };
  }
  const last = Date.parse(facts.lastPing.at);
  const elapsedMs = facts.now.getTime() - last;
  // An unreadable stamp or one from the future (clock moved back) must not silence pings.
  if (Number.isNaN(last) || elapsedMs < 0 || elapsedMs >= facts.intervalSeconds * 1000) {
    return { action: 'ping', ...story, reason: 'interval elapsed' };
  }
  return {
    action: 'skip',
    reason: `last ping ${Math.floor(elapsedMs / 1000)}s ago (interval ${facts.intervalSeconds}s)`,
  };
}

/** The stamp a ping leaves, so the next commit can decide without the network. */
export function stampAfter(
  decision: PingDecision,
  lastPing: PingStamp | undefined,
  now: Date,
): PingStamp {
  const story = decision.action === 'ping' ? (decision.story ?? lastPing?.story) : lastPing?.story;
  return { at: now.toISOString(), ...(story === undefined ? {} : { story }) };
}
