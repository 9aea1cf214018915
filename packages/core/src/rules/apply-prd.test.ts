import { describe, expect, it } from 'vitest';
import { applyPrdReady, applyRegisterPrd } from './apply-prd.js';
import { buildState, deepFreeze } from './test-builders.js';

const state = deepFreeze(
  buildState({
    shared: ['src/types/**'],
    prds: [
      { id: 'prd-a', touches: ['src/print/**'] },
      { id: 'prd-d', status: 'draft' },
    ],
    completed: [{ id: 'prd-base' }],
  }),
);
const prd = {
  title: 'Export',
  dependsOn: ['prd-base'],
  touches: ['src/print/export.ts'],
  userStories: [
    { id: 'US-001', title: 'one', passes: true },
    { id: 'US-002', title: 'two', passes: false },
  ],
};

describe('applyRegisterPrd', () => {
  it('registers a draft named after its file, with stories and conflict analysis', () => {
    const result = applyRegisterPrd({
      state,
      prd,
      fileName: 'incoming/prd-export.json',
      ready: false,
    });
    expect(result.path).toBe('docs/drafts/prd-export.json');
    expect(result.prd.id).toBe('prd-export');
    expect(result.files).toEqual([
      { kind: 'write', path: result.path, content: `${JSON.stringify(result.prd, null, 2)}\n` },
    ]);
    expect(result.entry).toMatchObject({
      id: 'prd-export',
      status: 'draft',
      priority: 'medium',
      file: 'docs/drafts/prd-export.json',
      stories: { total: 2, completed: 1 },
      conflictsWith: [{ prdId: 'prd-a', risk: 'medium' }],
    });
    expect(result.registry.prds[0]?.conflictsWith).toEqual([
      expect.objectContaining({ prdId: 'prd-export', risk: 'medium' }),
    ]);
  });

  it('registers a ready PRD under docs/prds/', () => {
    const result = applyRegisterPrd({
      state,
      prd: { ...prd, id: 'prd-x' },
      ready: true,
      priority: 'high',
    });
    expect(result.entry).toMatchObject({
      status: 'ready',
      priority: 'high',
      file: 'docs/prds/prd-x.json',
    });
  });

  it.each([
    ['a taken id', { ...prd, id: 'prd-base' }],
    ['a malformed id', { ...prd, id: 'Export' }],
    ['an unknown dependency', { ...prd, id: 'prd-x', dependsOn: ['prd-nope'] }],
    ['a bad branch name', { ...prd, id: 'prd-x', branchName: 'a..b' }],
  ])('refuses %s', (_, bad) => {
    expect(() => applyRegisterPrd({ state, prd: bad, ready: true })).toThrow(
      expect.objectContaining({ code: 'E_USAGE' }),
    );
  });

  it('refuses an id whose file is on the branch without a registry entry', () => {
    const withFile = { ...state, paths: ['docs/drafts/prd-x.json'] };
    expect(() =>
      applyRegisterPrd({ state: withFile, prd: { ...prd, id: 'prd-x' }, ready: true }),
    ).toThrow(
      expect.objectContaining({
        code: 'E_USAGE',
        message:
          'docs/drafts/prd-x.json already exists on the coordination branch, but prd-x is not registered',
      }),
    );
  });
});

describe('applyPrdReady', () => {
  it('moves a draft to docs/prds/ and makes it ready', () => {
    const result = applyPrdReady({ state, prdId: 'prd-d' });
    expect(result.registry.prds[1]).toMatchObject({
      status: 'ready',
      file: 'docs/prds/prd-d.json',
    });
    expect(result.files).toEqual([
      { kind: 'move', from: 'docs/drafts/prd-d.json', to: 'docs/prds/prd-d.json' },
    ]);
  });

  it('leaves a ready PRD alone and refuses unknown ones', () => {
    expect(applyPrdReady({ state, prdId: 'prd-a' }).changed).toBe(false);
    expect(() => applyPrdReady({ state, prdId: 'prd-q' })).toThrow(
      expect.objectContaining({ code: 'E_UNKNOWN_PRD' }),
    );
  });
});
