// Whatever is in the files, validateDocuments answers with diagnostics: it never
// throws, and never hands out a state built from documents it could not trust.
import { describe, expect, it } from 'vitest';
import { serializeDocument, validateDocuments } from '../src/index.js';
import type { RawDocuments } from '../src/types.js';
import { LOCKS, REGISTRY, file, set, validSnapshot, where, withEdits } from './helpers/edit.js';

const PROJECT = 'project.json';

describe('unparseable documents', () => {
  it('reports the line and column and gives no state', () => {
    const text = '{\n  "sessions": [\n    { "sessionId": "developer-a1b2c3", }\n  ]\n}\n';
    const result = validateDocuments(withEdits(validSnapshot(), file(LOCKS, text)));
    expect(result.problems).toEqual([
      {
        file: LOCKS,
        pointer: '',
        code: 'json-parse',
        line: 3,
        column: 40,
        message:
          "not valid JSON: expected a property name in double quotes, found '}' at line 3, column 40.",
      },
    ]);
    expect(result.state).toBeNull();
    expect(result.initialized).toBe(true);
  });

  it('still checks the other documents', () => {
    const result = validateDocuments(
      withEdits(validSnapshot(), file(REGISTRY, '{'), set(PROJECT, '/agents/multiSession', 1)),
    );
    expect(where(result.problems)).toEqual([
      { file: PROJECT, pointer: '/agents/multiSession', code: 'schema-type' },
      { file: REGISTRY, pointer: '', code: 'json-parse' },
    ]);
  });

  it('an unparseable project.json leaves a state with the default config', () => {
    const result = validateDocuments(withEdits(validSnapshot(), file(PROJECT, '{"agents": }')));
    expect(where(result.problems)).toEqual([{ file: PROJECT, pointer: '', code: 'json-parse' }]);
    expect(result.state?.config.multiSession).toBe(false);
    expect(result.state?.configFile).toBeUndefined();
  });
});

describe('JSON of the wrong type', () => {
  it.each([
    ['an array', '[]'],
    ['null', 'null'],
    ['a string', '"sessions"'],
    ['a number', '42'],
  ])('%s as the locks', (_name, text) => {
    const result = validateDocuments(withEdits(validSnapshot(), file(LOCKS, text)));
    expect(where(result.problems)).toEqual([{ file: LOCKS, pointer: '', code: 'schema-type' }]);
    expect(result.problems[0]?.message).toMatch(/^the document must be a JSON object, got /);
    expect(result.state).toBeNull();
  });

  it.each([['[]'], ['null'], ['"x"']])('%s as the registry', (text) => {
    const result = validateDocuments(withEdits(validSnapshot(), file(REGISTRY, text)));
    expect(where(result.problems)).toEqual([{ file: REGISTRY, pointer: '', code: 'schema-type' }]);
    expect(result.state).toBeNull();
  });

  it.each([['[]'], ['null'], ['true']])('%s as project.json', (text) => {
    const result = validateDocuments(withEdits(validSnapshot(), file(PROJECT, text)));
    expect(where(result.problems)).toEqual([{ file: PROJECT, pointer: '', code: 'schema-type' }]);
    expect(result.state?.config.multiSession).toBe(false);
  });

  it.each([['[]'], ['null'], ['"prd"']])('%s as a PRD file', (text) => {
    const prd = 'docs/prds/prd-print-templates.json';
    const result = validateDocuments(withEdits(validSnapshot(), file(prd, text)));
    expect(where(result.problems)).toEqual([{ file: prd, pointer: '', code: 'schema-type' }]);
    expect(result.state?.prds).toEqual({});
  });

  it('a __proto__ key is an unknown field, not a prototype', () => {
    const result = validateDocuments(
      withEdits(validSnapshot(), file(LOCKS, '{"sessions": [], "__proto__": {"sessions": 1}}')),
    );
    expect(where(result.problems)).toEqual([
      { file: LOCKS, pointer: '/__proto__', code: 'schema-unknown-field' },
    ]);
  });
});

describe('huge numbers', () => {
  it('a number beyond double range (Infinity after parsing) is not a number', () => {
    const text = validSnapshot().files[REGISTRY]!.replace('"total": 5', '"total": 1e999');
    const result = validateDocuments(withEdits(validSnapshot(), file(REGISTRY, text)));
    expect(where(result.problems)).toEqual([
      { file: REGISTRY, pointer: '/prds/0/stories/total', code: 'schema-type' },
    ]);
  });

  it('a heartbeat timeout of 1e999 minutes is rejected the same way', () => {
    const text = validSnapshot().files[PROJECT]!.replace(
      '"heartbeatTimeoutMinutes": 10',
      '"heartbeatTimeoutMinutes": 1e999',
    );
    const result = validateDocuments(withEdits(validSnapshot(), file(PROJECT, text)));
    expect(where(result.problems)).toEqual([
      { file: PROJECT, pointer: '/agents/heartbeatTimeoutMinutes', code: 'schema-type' },
    ]);
    expect(result.state?.config.heartbeatTimeoutMinutes).toBe(10);
  });

  it('a huge but finite story count is compared correctly', () => {
    const result = validateDocuments(
      withEdits(validSnapshot(), set(REGISTRY, '/prds/0/stories', { total: 5, completed: 1e300 })),
    );
    expect(where(result.problems)).toEqual([
      {
        file: REGISTRY,
        pointer: '/prds/0/stories/completed',
        code: 'stories-completed-exceeds-total',
      },
    ]);
  });
});

describe('missing files', () => {
  it('no documents at all: not initialized, no problems, no state', () => {
    expect(validateDocuments({ files: {} })).toEqual({
      state: null,
      problems: [],
      initialized: false,
    });
  });

  it('only one of locks and registry: initialized, no state, the missing one named', () => {
    for (const [gone, kept] of [
      [REGISTRY, LOCKS],
      [LOCKS, REGISTRY],
    ] as const) {
      const result = validateDocuments(withEdits(validSnapshot(), file(gone, undefined)));
      expect(result).toMatchObject({ state: null, initialized: true });
      expect(result.problems).toEqual([
        expect.objectContaining({ file: gone, pointer: '', code: 'missing-document' }),
      ]);
      expect(result.problems[0]!.message).toContain(`while ${kept} is there`);
    }
  });

  it('no project.json: the defaults', () => {
    const result = validateDocuments(withEdits(validSnapshot(), file(PROJECT, undefined)));
    expect(result.problems).toEqual([]);
    expect(result.state?.configFile).toBeUndefined();
    expect(result.state?.projectJson).toBeUndefined();
    expect(result.state?.config.coordination.remote).toBe('origin');
  });

  it('docs/project.json is read when there is no project.json; project.json wins', () => {
    const docsConfig = serializeDocument({
      agents: { multiSession: true, heartbeatTimeoutMinutes: 3 },
    });
    const only = validateDocuments(
      withEdits(validSnapshot(), file(PROJECT, undefined), file('docs/project.json', docsConfig)),
    );
    expect(only.state?.configFile).toBe('docs/project.json');
    expect(only.state?.config.heartbeatTimeoutMinutes).toBe(3);
    const both = validateDocuments(
      withEdits(validSnapshot(), file('docs/project.json', docsConfig)),
    );
    expect(both.state?.configFile).toBe('project.json');
    expect(both.state?.config.heartbeatTimeoutMinutes).toBe(10);
  });

  it('a project.json without an agents section is fine, and is kept whole', () => {
    const result = validateDocuments(
      withEdits(validSnapshot(), file(PROJECT, '{ "name": "acme-web", "private": true }\n')),
    );
    expect(result.problems).toEqual([]);
    expect(result.state?.projectJson).toEqual({ name: 'acme-web', private: true });
  });
});

describe('never throws', () => {
  it('on inputs that break the RawDocuments type', () => {
    const inputs = [
      null,
      undefined,
      42,
      { files: null },
      { files: [] },
      { files: { [LOCKS]: 42, [REGISTRY]: null } },
      { files: { [LOCKS]: '{"sessions":[]}', [REGISTRY]: '{}' }, paths: 'docs' },
      { files: { [LOCKS]: '{"sessions":[]}' }, paths: [null, 3] },
    ];
    for (const input of inputs) {
      const result = validateDocuments(input as unknown as RawDocuments);
      expect(Array.isArray(result.problems)).toBe(true);
    }
    const notText = validateDocuments({ files: { [LOCKS]: 42, [REGISTRY]: null } } as never);
    expect(where(notText.problems)).toEqual([
      { file: LOCKS, pointer: '', code: 'json-parse' },
      { file: REGISTRY, pointer: '', code: 'json-parse' },
    ]);
  });

  it('on deeply nested values where documents expect flat ones', () => {
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    const result = validateDocuments(
      withEdits(
        validSnapshot(),
        file(LOCKS, `{"sessions": [${deep}]}`),
        file(
          'docs/prds/prd-print-templates.json',
          `{"title": "x", "userStories": [], "extra": ${deep}}`,
        ),
      ),
    );
    expect(where(result.problems)).toEqual([
      { file: LOCKS, pointer: '/sessions/0', code: 'schema-type' },
    ]);
  });

  it('on a long dependency chain closing into a cycle', () => {
    const count = 20_000;
    const prds = Array.from({ length: count }, (_, i) => ({
      id: `prd-p${i}`,
      title: `P${i}`,
      status: 'ready',
      file: `docs/prds/prd-p${i}.json`,
      dependsOn: [`prd-p${(i + 1) % count}`],
    }));
    const raw = {
      files: {
        [LOCKS]: '{"sessions": []}',
        [REGISTRY]: serializeDocument({ version: '1.0', prds, completed: [], abandoned: [] }),
      },
    };
    const result = validateDocuments(raw);
    expect(where(result.problems)).toEqual([
      { file: REGISTRY, pointer: `/prds/${count - 1}/dependsOn/0`, code: 'dependency-cycle' },
    ]);
  });

  it('on random bytes in every document', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pieces = [
      '{',
      '}',
      '[',
      ']',
      '"',
      ':',
      ',',
      'null',
      '1e999',
      '-0',
      '"sessions"',
      '"prds"',
      ' ',
      '\u0000',
      '\uD800',
    ];
    for (let round = 0; round < 300; round++) {
      const text = Array.from({ length: random(12) }, () => pieces[random(pieces.length)]).join('');
      const files = Object.fromEntries(
        [PROJECT, LOCKS, REGISTRY, 'docs/prds/prd-x.json'].map((path) => [path, text]),
      );
      const result = validateDocuments({ files, paths: Object.keys(files) });
      expect(result.initialized).toBe(true);
      expect(result.problems.every((p) => typeof p.code === 'string' && p.message.length > 0)).toBe(
        true,
      );
    }
  });
});
