import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config.js';

const DEFAULTS = {
  multiSession: false,
  heartbeatTimeoutMinutes: 10,
  coordination: {
    remote: 'origin',
    branch: 'main',
    heartbeatIntervalSeconds: 60,
    prePush: 'block',
    shared: [],
  },
  mergeQueue: {
    strategy: 'merge',
    attempts: 3,
    retryFlaky: false,
    batchSize: 4,
    deleteOnComplete: true,
  },
};

const where = (problems: { file: string; pointer: string; code: string }[]) =>
  problems.map(({ file, pointer, code }) => ({ file, pointer, code }));

describe('resolveConfig', () => {
  it('fills every default when there is no agents section', () => {
    expect(resolveConfig(undefined)).toEqual({ config: DEFAULTS, problems: [] });
  });

  it('fills the defaults an empty section leaves out', () => {
    expect(resolveConfig({ multiSession: true, coordination: {}, mergeQueue: {} })).toEqual({
      config: { ...DEFAULTS, multiSession: true },
      problems: [],
    });
  });

  it('keeps every value given, setup, qualityCheck, qualityFix and retryFlaky included', () => {
    const agents = {
      multiSession: true,
      heartbeatTimeoutMinutes: 2.5,
      coordination: {
        remote: 'upstream',
        branch: 'lanes/state',
        heartbeatIntervalSeconds: 0,
        prePush: 'warn',
        shared: ['pnpm-lock.yaml'],
      },
      mergeQueue: {
        strategy: 'squash',
        setup: 'pnpm install --frozen-lockfile --offline',
        qualityCheck: 'pnpm test',
        qualityFix: 'pnpm lint --fix',
        attempts: 1,
        retryFlaky: true,
        batchSize: 1,
        deleteOnComplete: false,
      },
    };
    expect(resolveConfig(agents)).toEqual({ config: agents, problems: [] });
  });

  it('replaces each invalid field by its default and reports it, keeping the valid ones', () => {
    const { config, problems } = resolveConfig(
      {
        multiSession: true,
        heartbeatTimeoutMinutes: -5,
        coordination: { branch: 'lanes/state', prePush: 'never', shared: ['ok/**', 7] },
        mergeQueue: {
          strategy: 'rebase',
          attempts: 'three',
          qualityCheck: '',
          setup: '',
          retryFlaky: 'yes',
          batchSize: 0,
        },
      },
      'docs/project.json',
    );
    expect(config).toEqual({
      ...DEFAULTS,
      multiSession: true,
      coordination: { ...DEFAULTS.coordination, branch: 'lanes/state' },
      mergeQueue: { ...DEFAULTS.mergeQueue, strategy: 'rebase' },
    });
    expect(where(problems)).toEqual([
      {
        file: 'docs/project.json',
        pointer: '/agents/heartbeatTimeoutMinutes',
        code: 'schema-range',
      },
      { file: 'docs/project.json', pointer: '/agents/coordination/prePush', code: 'schema-enum' },
      { file: 'docs/project.json', pointer: '/agents/coordination/shared/1', code: 'schema-type' },
      { file: 'docs/project.json', pointer: '/agents/mergeQueue/setup', code: 'schema-length' },
      {
        file: 'docs/project.json',
        pointer: '/agents/mergeQueue/qualityCheck',
        code: 'schema-length',
      },
      { file: 'docs/project.json', pointer: '/agents/mergeQueue/attempts', code: 'schema-type' },
      { file: 'docs/project.json', pointer: '/agents/mergeQueue/retryFlaky', code: 'schema-type' },
      { file: 'docs/project.json', pointer: '/agents/mergeQueue/batchSize', code: 'schema-range' },
    ]);
  });

  it('reports an unknown field without losing the known ones beside it', () => {
    const { config, problems } = resolveConfig({ coordination: { remote: 'up', brnach: 'x' } });
    expect(config.coordination.remote).toBe('up');
    expect(where(problems)).toEqual([
      {
        file: 'project.json',
        pointer: '/agents/coordination/brnach',
        code: 'schema-unknown-field',
      },
    ]);
  });

  it.each([
    ['null', null, 'schema-type'],
    ['an array', [], 'schema-type'],
    ['a string', 'on', 'schema-type'],
  ])('answers the defaults and one problem when agents is %s', (_name, agents, code) => {
    const { config, problems } = resolveConfig(agents);
    expect(config).toEqual(DEFAULTS);
    expect(where(problems)).toEqual([{ file: 'project.json', pointer: '/agents', code }]);
  });

  it('replaces a section of the wrong type as a whole', () => {
    const { config, problems } = resolveConfig({ coordination: 'origin/main' });
    expect(config.coordination).toEqual(DEFAULTS.coordination);
    expect(where(problems)).toEqual([
      { file: 'project.json', pointer: '/agents/coordination', code: 'schema-type' },
    ]);
  });

  it('hands out a fresh config each time', () => {
    resolveConfig(undefined).config.coordination.shared.push('mutated');
    expect(resolveConfig(undefined).config.coordination.shared).toEqual([]);
  });
});
