import { isLanesError, planInit, type InitInput, type InitPlan } from '@lanes/core';
import type { Repository } from './repository.js';
import type { Coordinates } from './store.js';
import { transact, type TransactOptions } from './transact.js';

/**
 * `lanes init`'s one transaction: core's planInit on the remote tip, its writes (only
 * what is missing) committed and pushed with a lease. It reads the documents as they
 * are, since no state is usable before init. A remote initialized already gets no
 * commit (commit null); `tip` is the tip the plan was made on.
 */
export async function applyInitPlan(
  repo: Repository,
  coords: Coordinates,
  input: Omit<InitInput, 'raw' | 'problems' | 'remote' | 'branch'>,
  options: TransactOptions = {},
): Promise<{ plan: InitPlan; tip: string | null; commit: string | null }> {
  const outcome = await transact(
    repo,
    coords,
    (snapshot) => {
      let plan: InitPlan;
      try {
        plan = planInit({
          ...input,
          remote: coords.remote,
          branch: coords.branch,
          raw: snapshot.raw,
          problems: snapshot.problems,
        });
      } catch (error) {
        if (isLanesError(error)) return { kind: 'refuse', error };
        throw error;
      }
      const value = { plan, tip: snapshot.tip };
      return plan.writes.length === 0
        ? { kind: 'noop', value }
        : {
            kind: 'write',
            writes: plan.writes,
            message: `chore: init lanes coordination on ${coords.branch}`,
            value,
          };
    },
    options,
  );
  return { ...outcome.value, commit: outcome.commit };
}
