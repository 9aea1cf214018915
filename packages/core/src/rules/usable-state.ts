import { LanesError } from '../errors.js';
import type { CoordinationState, Diagnostic } from '../types.js';

/** What validating the documents of a coordination branch found. */
export interface ValidatedState {
  initialized: boolean;
  problems: readonly Diagnostic[];
  state: CoordinationState | null;
}

/**
 * The state a command may build on, or the refusal that says why there is none:
 * coordination not initialized on `where` (e.g. `origin/main`), documents invalid (a
 * command never builds on a broken state), or switched off (solo mode).
 */
export function usableState(validated: ValidatedState, where: string): CoordinationState {
  if (!validated.initialized) {
    throw new LanesError('E_NOT_INITIALIZED', `lanes is not initialized on ${where}`, {
      hint: "run 'lanes init' to turn coordination on",
    });
  }
  if (validated.problems.length > 0 || validated.state === null) {
    const first = validated.problems[0];
    const detail = first ? `: ${first.file}${first.pointer} ${first.message}` : '';
    throw new LanesError(
      'E_INVALID_STATE',
      `the lanes documents on ${where} are invalid${detail}`,
      {
        hint: "run 'lanes validate' for every problem; fix them with a commit to the coordination branch",
        details: { problems: validated.problems },
      },
    );
  }
  if (!validated.state.config.multiSession) {
    throw new LanesError('E_NOT_ENABLED', 'coordination is off (solo mode)', {
      hint: "set agents.multiSession to true in project.json, or run 'lanes init'",
    });
  }
  return validated.state;
}
