import { describe, expect, it } from 'vitest';
import { isLanesError } from '../errors.js';
import { serializeDocument } from '../validate/json.js';
import { stateWrites } from './state-writes.js';
import { buildState } from './test-builders.js';

const state = buildState({
  prds: [{ id: 'prd-a' }],
  locks: [{ sessionId: 'dev-aaaaaa', prdId: 'prd-a' }],
});
const files = {
  'docs/session-locks.json': serializeDocument(state.locks),
  'docs/prd-registry.json': serializeDocument(state.registry),
  'docs/prds/prd-a.json': '{"id": "prd-a"}\n',
};
const same = { locks: state.locks, registry: state.registry, files: [] };

describe('stateWrites', () => {
  it('writes nothing for a change that changes no file', () => {
    expect(stateWrites(same, files)).toEqual([]);
    expect(
      stateWrites(
        {
          ...same,
          files: [
            { kind: 'write', path: 'docs/prds/prd-a.json', content: files['docs/prds/prd-a.json'] },
          ],
        },
        files,
      ),
    ).toEqual([]);
  });

  it('writes each changed document, serialised, and each written file', () => {
    const locks = { sessions: [] };
    const writes = stateWrites(
      {
        ...same,
        locks,
        files: [{ kind: 'write', path: 'docs/abandoned/x/reason.md', content: 'why\n' }],
      },
      files,
    );
    expect(writes).toEqual([
      { path: 'docs/session-locks.json', content: serializeDocument(locks) },
      { path: 'docs/abandoned/x/reason.md', content: 'why\n' },
    ]);
  });

  it('moves a file as a delete plus a write of the same content', () => {
    const to = 'docs/completed/2026-02-19/prd-a.json';
    expect(
      stateWrites({ ...same, files: [{ kind: 'move', from: 'docs/prds/prd-a.json', to }] }, files),
    ).toEqual([
      { path: 'docs/prds/prd-a.json', content: null },
      { path: to, content: files['docs/prds/prd-a.json'] },
    ]);
  });

  it('refuses to move a file that is not there, naming it', () => {
    let caught: unknown;
    try {
      stateWrites(
        { ...same, files: [{ kind: 'move', from: 'docs/prds/gone.json', to: 'x.json' }] },
        files,
      );
    } catch (error) {
      caught = error;
    }
    expect(isLanesError(caught) && caught.code).toBe('E_INVALID_STATE');
    expect((caught as Error).message).toContain('docs/prds/gone.json');
  });
});
