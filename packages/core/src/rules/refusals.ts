import { LanesError } from '../errors.js';
import type { PrdRegistryDocument, SessionLock } from '../types.js';
import type { PairRisk } from './risk.js';
import { similarIds } from './suggest.js';

// Every refusal of a coordination rule, built in one place so that claim, resume,
// abandon and the merge queue word the same situation the same way.

export function unknownPrd(registry: PrdRegistryDocument, prdId: string): LanesError {
  const known = [
    ...registry.prds.map((entry) => entry.id),
    ...registry.completed.map((entry) => entry.id),
    ...registry.abandoned.map((entry) => entry.id),
  ];
  const similar = similarIds(prdId, known);
  const available = availableIds(registry);
  const pick =
    available.length > 0
      ? `pick one from \`available\`: ${available.join(', ')} (\`lanes status\` shows every PRD)`
      : 'no PRD is ready to claim now; `lanes status` shows what is open';
  return new LanesError('E_UNKNOWN_PRD', `no PRD '${prdId}' in docs/prd-registry.json`, {
    hint: similar.length > 0 ? `did you mean ${similar.join(', ')}? ${pick}` : pick,
    details: { prdId, similar, available },
  });
}

/** The open PRDs an agent may name to `claim`: ready, not held by a session. */
export function availableIds(registry: PrdRegistryDocument): string[] {
  return registry.prds.filter((entry) => entry.status === 'ready').map((entry) => entry.id);
}

export function notActive(registry: PrdRegistryDocument, prdId: string): LanesError | undefined {
  const completed = registry.completed.find((entry) => entry.id === prdId);
  if (completed !== undefined) {
    return new LanesError(
      'E_PRD_COMPLETED',
      `${prdId} is already completed (${completed.completedAt}); its work is on main`,
      {
        hint: `nothing left to do on it (archive: ${completed.archivedTo}); \`lanes claim\` without a PRD picks the best available one`,
        details: {
          prdId,
          status: 'completed',
          completedAt: completed.completedAt,
          archivedTo: completed.archivedTo,
          available: availableIds(registry),
        },
      },
    );
  }
  const abandoned = registry.abandoned.find((entry) => entry.id === prdId);
  if (abandoned !== undefined) {
    return new LanesError(
      'E_NOTHING_AVAILABLE',
      `${prdId} was abandoned (${abandoned.abandonedAt})`,
      {
        hint: `its archive and reason are in ${abandoned.archivedTo}; ids are never reused: restart the work under a new id`,
        details: { prdId, status: 'abandoned' },
      },
    );
  }
  return undefined;
}

export function draftPrd(prdId: string): LanesError {
  return new LanesError('E_NOTHING_AVAILABLE', `${prdId} is a draft, not ready to claim`, {
    hint: `promote it first: \`lanes prd ready ${prdId}\``,
    details: { prdId, status: 'draft' },
  });
}

export function sessionBusy(lock: SessionLock): LanesError {
  return new LanesError(
    'E_SESSION_BUSY',
    `session ${lock.sessionId} already holds ${lock.prdId} (${lock.status})`,
    {
      // The re-run of a claim killed after it finished lands here too: it is this claim.
      hint: `\`lanes show --json\` shows it (also when it is what a killed claim had finished); finish it with \`lanes release\` or give it up with \`lanes abandon ${lock.prdId} --reason …\`; a parallel session needs its own worktree (\`lanes claim --worktree\`)`,
      details: { sessionId: lock.sessionId, prdId: lock.prdId },
    },
  );
}

export function alreadyClaimed(
  lock: SessionLock,
  seen: { lastSeen: string; stale: boolean },
): LanesError {
  const { prdId, sessionId: holder } = lock;
  return new LanesError(
    'E_ALREADY_CLAIMED',
    `${prdId} is claimed by ${holder}${seen.stale ? ` (stale, last seen ${seen.lastSeen})` : ''}`,
    {
      hint: seen.stale
        ? `take it over with \`lanes resume ${prdId}\` or archive it with \`lanes abandon ${prdId} --reason …\``
        : '`lanes claim` without a PRD picks the best available one; `lanes status` shows who works on what',
      details: { prdId, holder, stale: seen.stale, lastSeen: seen.lastSeen },
    },
  );
}

export function dependenciesUnmet(prdId: string, missing: string[]): LanesError {
  return new LanesError(
    'E_DEPENDENCIES_UNMET',
    `${prdId} depends on ${missing.join(', ')}, not completed yet`,
    {
      hint: '`lanes status` shows where its dependencies stand; `lanes claim` picks a PRD that is ready',
      details: { prdId, missing },
    },
  );
}

export function conflictRisk(prdId: string, pairs: PairRisk[]): LanesError {
  const against = pairs.map((pair) => (pair.a === prdId ? pair.b : pair.a));
  const findings = pairs.flatMap((pair) =>
    pair.findings.map((finding) => ({ prdId: pair.a === prdId ? pair.b : pair.a, ...finding })),
  );
  return new LanesError(
    'E_CONFLICT_RISK',
    `${prdId} has high conflict risk with active work: ${against.join(', ')}`,
    {
      hint: '`lanes conflicts` explains each finding; `--force` claims anyway',
      details: { prdId, against, findings },
    },
  );
}

/**
 * E_INVALID_STATE over one broken fact, found outside validation: `problems` names the
 * file as a validation diagnostic would, so every E_INVALID_STATE has the same shape.
 */
export function inconsistentState(
  message: string,
  problem: { file: string; code: string; pointer?: string },
  options: { hint?: string; details?: Record<string, unknown> } = {},
): LanesError<'E_INVALID_STATE'> {
  return new LanesError('E_INVALID_STATE', message, {
    hint: options.hint ?? 'run `lanes validate`',
    details: {
      ...options.details,
      problems: [
        { file: problem.file, pointer: problem.pointer ?? '', code: problem.code, message },
      ],
    },
  });
}

export function noSession(sessionId: string): LanesError {
  return new LanesError('E_NO_SESSION', `session ${sessionId} holds no claim`, {
    hint: '`lanes claim` claims a PRD; `lanes status` shows the sessions',
    details: { sessionId },
  });
}

/**
 * The session id a command judges a request by when this worktree has no session yet:
 * it matches no lock. It never reaches a message (it reads as "this worktree").
 */
export const NO_SESSION = 'nobody-000000';

function who(sessionId: string): string {
  return sessionId === NO_SESSION ? 'this worktree (it has no session)' : sessionId;
}

export function notOwner(
  lock: SessionLock,
  sessionId: string,
  seen: { lastSeen: string; stale: boolean },
  action: string,
): LanesError {
  return new LanesError(
    'E_NOT_OWNER',
    `${lock.prdId} belongs to ${lock.sessionId}, not ${who(sessionId)}; it is alive (last seen ${seen.lastSeen})`,
    {
      hint: `only its session may ${action} it while it is alive; \`--force\` overrides`,
      details: {
        prdId: lock.prdId,
        holder: lock.sessionId,
        stale: seen.stale,
        lastSeen: seen.lastSeen,
      },
    },
  );
}

export function notStale(lock: SessionLock, lastSeen: string): LanesError {
  return new LanesError(
    'E_NOT_STALE',
    `${lock.prdId} is held by ${lock.sessionId}, alive (last seen ${lastSeen})`,
    {
      hint: 'resume takes over only stale sessions; `--force` overrides when you know it is dead',
      details: { prdId: lock.prdId, holder: lock.sessionId, lastSeen },
    },
  );
}

export function branchInUse(prdId: string, branch: string, holder: SessionLock): LanesError {
  return new LanesError(
    'E_ALREADY_CLAIMED',
    `branch ${branch} of ${prdId} is in use by ${holder.sessionId} for ${holder.prdId}`,
    {
      hint: `give ${prdId} its own \`branchName\` in docs/prd-registry.json`,
      details: { prdId, branch, holder: holder.sessionId, holderPrd: holder.prdId },
    },
  );
}

export function lostClaim(prdId: string, sessionId: string, holder: SessionLock): LanesError {
  return new LanesError(
    'E_NOT_OWNER',
    `${prdId} is now held by ${holder.sessionId}; session ${sessionId} no longer owns it`,
    {
      hint: 'another session resumed it; `lanes claim` picks new work',
      details: { prdId, holder: holder.sessionId },
    },
  );
}

export function wrongLockStatus(lock: SessionLock, expected: string, hint: string): LanesError {
  return new LanesError('E_USAGE', `${lock.prdId} is ${lock.status}, not ${expected}`, {
    hint,
    details: { prdId: lock.prdId, status: lock.status },
  });
}

export function unknownStory(prdId: string, story: string, known: readonly string[]): LanesError {
  return new LanesError('E_USAGE', `${story} is not a story of ${prdId}`, {
    hint:
      known.length === 0
        ? `${prdId} has no user stories yet`
        : `its stories are ${known.join(', ')}`,
    details: { prdId, story, stories: [...known] },
  });
}

export function missingReason(argument = '--reason'): LanesError {
  return new LanesError('E_USAGE', `${argument}: a reason is required`, {
    hint: 'say in a few words why, e.g. --reason "superseded by prd-new-print"',
  });
}

export function notHeld(prdId: string): LanesError {
  return new LanesError('E_NO_SESSION', `no session holds ${prdId}`, {
    hint: `\`lanes claim ${prdId}\` claims it`,
    details: { prdId },
  });
}
