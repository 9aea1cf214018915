/**
 * Whether a remote takes heartbeat refs is a decision the clone remembers
 * (`.git/lanes/heartbeat-refs.json`) or a person made (`lanes.<remote>.heartbeatRefs` in
 * git config), not a fact for ever: a remote's rules change, and one unlucky push must
 * not decide it. Pure rules; the pushes and the memory are heartbeat.ts's.
 */

/** A recorded decision is tried again after a day (one probe; no ping waits on more). */
export const HEARTBEAT_REFS_RECHECK_MS = 24 * 60 * 60 * 1000;

export interface HeartbeatRefsDecision {
  allowed: boolean;
  /** When it was decided (ISO time); null: by a person, never decided again. */
  checkedAt: string | null;
}

/**
 * Whether this ping should (re)decide: never decided, or decided (not by a person) more
 * than HEARTBEAT_REFS_RECHECK_MS ago.
 */
export function probeDue(decision: HeartbeatRefsDecision | undefined, now: Date): boolean {
  if (decision === undefined) return true;
  if (decision.checkedAt === null) return false;
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
