import { describe, expect, it } from 'vitest';
import { isLanesError } from '../errors.js';
import { buildState } from './test-builders.js';
import type { Diagnostic } from '../types.js';
import { usableState, type ValidatedState } from './usable-state.js';

const state = buildState();
const codeOf = (validated: ValidatedState) => {
  try {
    usableState(validated, 'origin/main');
  } catch (error) {
    return isLanesError(error) ? `${error.code}: ${error.message}` : String(error);
  }
  return 'usable';
};

describe('usableState', () => {
  it('gives the state of valid, initialized, multi-session documents', () => {
    expect(usableState({ initialized: true, problems: [], state }, 'origin/main')).toBe(state);
  });

  it('refuses when not initialized, invalid, or in solo mode, saying where', () => {
    expect(codeOf({ initialized: false, problems: [], state: null })).toBe(
      'E_NOT_INITIALIZED: lanes is not initialized on origin/main',
    );
    const problem: Diagnostic = {
      file: 'docs/session-locks.json',
      pointer: '/sessions/0',
      message: 'is wrong',
      code: 'x',
    };
    expect(codeOf({ initialized: true, problems: [problem], state })).toBe(
      'E_INVALID_STATE: the lanes documents on origin/main are invalid: docs/session-locks.json/sessions/0 is wrong',
    );
    const solo = { ...state, config: { ...state.config, multiSession: false } };
    expect(codeOf({ initialized: true, problems: [], state: solo })).toBe(
      'E_NOT_ENABLED: coordination is off (solo mode)',
    );
  });
});
