import { stateWrites, usableState, type CoordinationState, type StateChange } from '@lanes/core';
import type { Repository } from './repository.js';
import type { Coordinates } from './store.js';
import { transact, type TransactOptions } from './transact.js';

/**
 * A core state change: pure, given the state and the time. It refuses by throwing a
 * LanesError ("already claimed"); it may run several times, on newer states, when other
 * writers get there first.
 */
export type StateTransition<T extends StateChange> = (state: CoordinationState, now: Date) => T;

export interface StateChangeResult<T> {
  result: T;
  /** The pushed commit; null when the change changed no file. */
  commit: string | null;
  attempts: number;
}

/**
 * The way to change the coordination state, end to end: fetch the remote tip, refuse
 * unless lanes is initialized there, valid and multi-session, apply `transition`, write
 * the files it changes (the documents serialised, moves as a delete plus a write),
 * validate the result, commit by plumbing and push with a lease (transact). A refusal
 * that became true meanwhile (already claimed) is what the caller gets, never a push
 * error.
 */
export async function applyStateChange<T extends StateChange>(
  repo: Repository,
  coords: Coordinates,
  transition: StateTransition<T>,
  message: (result: T) => string,
  options: TransactOptions = {},
): Promise<StateChangeResult<T>> {
  const where = `${coords.remote}/${coords.branch}`;
  const outcome = await transact(
    repo,
    coords,
    (snapshot, now) => {
      const result = transition(usableState(snapshot, where), now);
      const writes = stateWrites(result, snapshot.raw.files);
      return writes.length === 0
        ? { kind: 'noop', value: result }
        : { kind: 'write', writes, message: message(result), value: result };
    },
    options,
  );
  return { result: outcome.value, commit: outcome.commit, attempts: outcome.attempts };
}
