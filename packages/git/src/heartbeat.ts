import {
  isoSeconds,
  LanesError,
  SESSION_ID,
  touchHeartbeat,
  type Liveness,
  type ReleaseStage,
} from '@lanes/core';
import { messages } from './messages.js';
import { commitTree, emptyTree, FALLBACK_IDENTITY } from './objects.js';
import { HEARTBEAT_PREFIX, heartbeatMirrorPrefix, assertRemoteName } from './refs.js';
import { backoffDelay, sleep } from './backoff.js';
import { probeDue, judgeRefusal } from './heartbeat-decision.js';
import { fetchRefs, pushRefspec, refRefusedError, remoteRefSha } from './remote-ops.js';
import { rememberHeartbeatRefs, remoteSettings } from './remote-settings.js';
import type { Repository } from './repository.js';
import { applyStateChange } from './state-transaction.js';

export interface PingInfo {
  prdId?: string;
  /** The coordination branch, for remotes that refuse heartbeat refs (default `main`). */
  coordinationBranch?: string;
  /** A release's current stage, for `lanes status` of other sessions (heartbeat refs only). */
  stage?: ReleaseStage;
}

export interface PingResult {
  via: 'ref' | 'transaction';
  /**
   * Set when this ping changed how the session pings (the remote refuses or hides
   * heartbeat refs, or takes them again): said once, when it is decided.
   */
  note?: string;
}

/**
 * A liveness ping on the session's own ref `refs/lanes/heartbeats/<sessionId>`: one
 * writer per ref, so a forced push needs no fetch and never contends. The ref holds a
 * parentless commit of the empty tree: its committer date is the ping time, its
 * message `{sessionId, prdId}`. A remote that refuses such refs, or hides them from
 * readers, gets the ping as a transaction on the lock's `heartbeat` instead; that
 * decision is kept in git config and tried again after a day (heartbeat-decision.ts).
 * Pings of one session in one process run one after another, never at once.
 */
export function ping(
  repo: Repository,
  remote: string,
  sessionId: string,
  info: PingInfo = {},
  now: Date = new Date(),
): Promise<PingResult> {
  return oneAtATime(repo, remote, sessionId, async () => {
    const { onRef, note } = await pingRef(repo, remote, sessionId, info, now);
    if (!onRef) {
      await applyStateChange(
        repo,
        { remote, branch: info.coordinationBranch ?? 'main' },
        (state, at) => touchHeartbeat({ state, sessionId, now: at }),
        () => `chore: heartbeat for ${sessionId}`,
        { now: () => now },
      );
    }
    return { via: onRef ? 'ref' : 'transaction', ...(note ? { note } : {}) };
  });
}

/**
 * A ping on the heartbeat ref only (a release's stage change): where the remote takes
 * no heartbeat refs it writes nothing, `via` null, rather than a commit on the
 * coordination branch.
 */
export function pingRefOnly(
  repo: Repository,
  remote: string,
  sessionId: string,
  info: PingInfo = {},
  now: Date = new Date(),
): Promise<Omit<PingResult, 'via'> & { via: 'ref' | null }> {
  return oneAtATime(repo, remote, sessionId, async () => {
    const { onRef, note } = await pingRef(repo, remote, sessionId, info, now);
    return { via: onRef ? 'ref' : null, ...(note ? { note } : {}) };
  });
}

/** Runs pings of one session in one process one after another. */
function oneAtATime<T>(
  repo: Repository,
  remote: string,
  sessionId: string,
  pingOnce: () => Promise<T>,
): Promise<T> {
  assertSessionId(sessionId);
  assertRemoteName(remote);
  const key = `${repo.commonDir}\0${remote}\0${sessionId}`;
  const previous = pingsInFlight.get(key) ?? Promise.resolve();
  const mine = previous.then(pingOnce, pingOnce);
  pingsInFlight.set(key, mine);
  const forget = () => {
    if (pingsInFlight.get(key) === mine) pingsInFlight.delete(key);
  };
  mine.then(forget, forget);
  return mine;
}

const pingsInFlight = new Map<string, Promise<unknown>>();

/**
 * Pushes the ping to the session's heartbeat ref unless the remote is known to refuse
 * it (and no new decision is due): whether the ref took it, and a note when this
 * changed how the session pings.
 */
async function pingRef(
  repo: Repository,
  remote: string,
  sessionId: string,
  info: PingInfo,
  now: Date,
): Promise<{ onRef: boolean; note?: string }> {
  const [settings, commit] = await Promise.all([
    remoteSettings(repo, remote),
    commitTree(repo.git, {
      tree: emptyTree(repo.objectFormat),
      parents: [],
      message: heartbeatMessage(sessionId, info.prdId, now, info.stage),
      date: now,
      // A liveness marker, not history: a fixed identity needs no config lookup.
      identity: FALLBACK_IDENTITY,
    }),
  ]);
  const decided = settings.heartbeatRefs?.allowed;
  const due = probeDue(settings.heartbeatRefs, now);
  if (decided === false && !due) return { onRef: false };
  const ref = `${HEARTBEAT_PREFIX}${sessionId}`;
  const outcome = await pushHeartbeatRef(repo, remote, commit, ref);
  // Once per decision, not every ping: can others read what was pushed?
  const hidden = outcome.kind === 'ok' && due && (await remoteRefSha(repo, remote, ref)) !== commit;
  if (outcome.kind === 'ok' && !hidden) {
    if (due) await rememberHeartbeatRefs(repo, remote, true, now);
    return decided === false
      ? { onRef: true, note: messages.heartbeatRefsBack(remote) }
      : { onRef: true };
  }
  await rememberHeartbeatRefs(repo, remote, false, now);
  if (decided === false) return { onRef: false };
  const note =
    outcome.kind === 'ok'
      ? messages.heartbeatRefsHidden(remote)
      : messages.heartbeatRefsRefused(remote, outcome.reason);
  return { onRef: false, note };
}

// A forced push of the session's own ref loses only to another push of the same ref at
// the same moment (the remote's compare-and-swap): a few quick retries land it.
const LOST_RACE_RETRIES = 4;

/**
 * Pushes the heartbeat ref: 'ok', or 'refused' only when the remote forbids it — said
 * so, or refused twice in a row by its rule. A lost race is retried; a refusal that is
 * not about the ref (a full disk) is E_REMOTE and decides nothing.
 */
async function pushHeartbeatRef(
  repo: Repository,
  remote: string,
  commit: string,
  ref: string,
): Promise<{ kind: 'ok' } | { kind: 'refused'; reason: string }> {
  let policyRefusals = 0;
  for (let attempt = 1; ; attempt++) {
    const status = await pushRefspec(repo, remote, `+${commit}:${ref}`);
    if (status.kind === 'ok') return status;
    if (status.kind === 'stale') {
      if (attempt >= LOST_RACE_RETRIES) {
        throw new LanesError('E_PUSH_REJECTED', messages.heartbeatRace(remote, ref, attempt), {
          hint: messages.pushExhaustedHint,
          details: { remote, ref, attempts: attempt },
        });
      }
    } else {
      const verdict = judgeRefusal(status.reason, status.said);
      if (verdict === 'forbidden' || (verdict === 'policy' && ++policyRefusals >= 2)) {
        return { kind: 'refused', reason: [...status.said, status.reason].join('; ') };
      }
      if (verdict === 'transient') throw refRefusedError(remote, ref, status);
    }
    await sleep(backoffDelay(attempt, 50, 500));
  }
}

export function heartbeatMessage(
  sessionId: string,
  prdId: string | undefined,
  at?: Date,
  stage?: ReleaseStage,
): string {
  // The exact time makes every ping a new commit: two pings within one second (git's
  // date resolution) would otherwise be the same object, and the ref would not move.
  const body = JSON.stringify({
    sessionId,
    ...(prdId === undefined ? {} : { prdId }),
    ...(at === undefined ? {} : { at: at.toISOString() }),
    ...(stage === undefined ? {} : { stage: stage.name, stageStartedAt: stage.startedAt }),
  });
  return `lanes heartbeat ${sessionId}\n\n${body}\n`;
}

/**
 * Every session's last ping on the remote: one `fetch --prune` of the heartbeat refs
 * into a private namespace, one `for-each-ref`. Offline: the last fetched pings.
 */
export async function readLiveness(
  repo: Repository,
  remote: string,
  options: { offline?: boolean } = {},
): Promise<Liveness[]> {
  assertRemoteName(remote);
  const mirror = heartbeatMirrorPrefix(remote);
  if (!options.offline) {
    await fetchRefs(repo, remote, [`+${HEARTBEAT_PREFIX}*:${mirror}*`], { prune: true });
  }
  const output = await repo.git.check([
    'for-each-ref',
    '--format=%(refname)%00%(committerdate:unix)%00%(contents)%01',
    mirror,
  ]);
  return parseLiveness(output, mirror);
}

export function parseLiveness(output: string, prefix: string): Liveness[] {
  const found: Liveness[] = [];
  for (const record of output.split('\x01')) {
    const [refname, seconds, message] = record.replace(/^\n/, '').split('\0');
    if (!refname || !seconds || !refname.startsWith(prefix)) continue;
    const sessionId = refname.slice(prefix.length);
    if (!SESSION_ID.test(sessionId)) continue;
    const at = isoSeconds(new Date(Number(seconds) * 1000));
    found.push({ sessionId, at, ...payloadOf(message ?? '') });
  }
  return found.sort((a, b) => a.sessionId.localeCompare(b.sessionId));
}

/** The PRD and release stage a ping names; what is missing or unreadable is left out. */
function payloadOf(message: string): Pick<Liveness, 'prdId' | 'stage' | 'stageStartedAt'> {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(message.slice(message.indexOf('{'))) as Record<string, unknown>;
  } catch {
    return {};
  }
  const text = (key: string) => (typeof value[key] === 'string' ? { [key]: value[key] } : {});
  return { ...text('prdId'), ...text('stage'), ...text('stageStartedAt') };
}

/**
 * Removes a session's heartbeat ref on the remote (and its local mirror); absent is fine,
 * and so is a remote known to forbid heartbeat refs.
 */
export async function removeLiveness(
  repo: Repository,
  remote: string,
  sessionId: string,
): Promise<void> {
  assertSessionId(sessionId);
  assertRemoteName(remote);
  const [status] = await Promise.all([
    pushRefspec(repo, remote, `:${HEARTBEAT_PREFIX}${sessionId}`),
    repo.git.run(['update-ref', '-d', `${heartbeatMirrorPrefix(remote)}${sessionId}`]),
  ]);
  if (status.kind === 'refused' && !/does not exist/i.test(status.reason)) {
    // A remote that forbids heartbeat refs got this session's pings as commits: there is
    // no ref of its to remove, and nothing to report.
    const forbidden = judgeRefusal(status.reason, status.said) === 'forbidden';
    if (forbidden && (await remoteSettings(repo, remote)).heartbeatRefs?.allowed === false) return;
    throw new LanesError(
      'E_REMOTE',
      messages.refRefused(remote, `${HEARTBEAT_PREFIX}${sessionId}`, status.reason, status.said),
    );
  }
}

function assertSessionId(sessionId: string): void {
  if (!SESSION_ID.test(sessionId)) {
    throw new LanesError('E_USAGE', messages.badSessionId(sessionId), {
      hint: messages.sessionIdHint,
    });
  }
}
