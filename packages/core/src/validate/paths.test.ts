import { describe, expect, it } from 'vitest';
import { holdsLanesState } from './paths.js';

describe('holdsLanesState', () => {
  it('is true for a branch with the locks or the registry, false for project files alone', () => {
    expect(holdsLanesState(['docs/session-locks.json'])).toBe(true);
    expect(holdsLanesState(['src/a.ts', 'docs/prd-registry.json'])).toBe(true);
    expect(holdsLanesState(['project.json', 'docs/prds/prd-a.json', ''])).toBe(false);
  });
});
