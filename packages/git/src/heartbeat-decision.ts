/**
 * Whether a remote takes heartbeat refs is a decision recorded in local git config
 * (`lanes.<remote>.heartbeatRefs`, `lanes.<remote>.heartbeatRefsCheckedAt`), not a
 * fact for ever: a remote's rules change, and one unlucky push must not decide it.
 * Pure rules; the pushes and the config are heartbeat.ts's.
 */

/** A recorded decision is tried again after a day (one probe; no ping waits on more). */
export const HEARTBEAT_REFS_RECHECK_MS = 24 * 60 * 60 * 1000;

export interface HeartbeatRefsDecision {
  heartbeatRefs: boolean | undefined;
  checkedAt: string | undefined;
}

/**
 * Whether this ping should (re)decide: never decided, decided without a time (older
 * lanes), or decided more than HEARTBEAT_REFS_RECHECK_MS ago.
 */
export function probeDue(decision: HeartbeatRefsDecision, now: Date): boolean {
  if (decision.heartbeatRefs === undefined || decision.checkedAt === undefined) return true;
  const at = Date.parse(decision.checkedAt);
  return Number.isNaN(at) || now.getTime() - at >= HEARTBEAT_REFS_RECHECK_MS;
}

export type RefusalVerdict =
  /** The remote forbids heartbeat refs, in so many words: fall back now. */
  | 'forbidden'
  /** A rule of the remote (a hook, a permission) said no: forbidden if it says so again. */
  | 'policy'
  /** Not about the ref at all (a full disk, an unpacker error): an error, no decision. */
  | 'transient';

// git's and the server's words for "this ref may not be written here".
const NAMES_FORBIDDEN = /hidden ref|refs\/lanes|DENIED|not allowed|forbidden|prohibited/i;
// The update itself failed, for reasons that are the server's trouble, not a rule.
const TRANSIENT =
  /failed to update ref|unpacker error|unpack failed|failed to write|missing necessary objects|shallow|n\/a/i;

/** What a refused heartbeat-ref push (git's summary, the server's lines) says. */
export function judgeRefusal(reason: string, said: readonly string[]): RefusalVerdict {
  const words = [reason, ...said].join('\n');
  if (NAMES_FORBIDDEN.test(words)) return 'forbidden';
  if (TRANSIENT.test(reason)) return 'transient';
  return 'policy';
}
