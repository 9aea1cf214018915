import { describe, expect, it } from 'vitest';
import { parseJsonDocument, serializeDocument, serializeLike } from './json.js';
import { findJsonSyntaxError } from './json-syntax.js';

const FILE = 'docs/session-locks.json';

function parseError(text: string) {
  const { value, problems } = parseJsonDocument(FILE, text);
  expect(value).toBeUndefined();
  expect(problems).toHaveLength(1);
  const [problem] = problems;
  return { ...problem, message: problem?.message };
}

describe('parseJsonDocument', () => {
  it('returns the value and no problems for valid JSON', () => {
    expect(parseJsonDocument(FILE, '{ "sessions": [] }\n')).toEqual({
      value: { sessions: [] },
      problems: [],
    });
  });

  it.each([
    [
      'a trailing comma in an object',
      '{\n  "sessions": [],\n}\n',
      3,
      1,
      "expected a property name in double quotes, found '}'",
    ],
    ['a trailing comma in an array', '{\n  "sessions": [1,\n  ]\n}', 3, 3, "unexpected ']'"],
    ['a missing comma', '{\n  "a": 1\n  "b": 2\n}', 3, 3, "expected ',' or '}', found '\"'"],
    ['single quotes', "{ 'a': 1 }", 1, 3, "expected a property name in double quotes, found '''"],
    ['a missing colon', '{ "a" 1 }', 1, 7, "expected ':' after the property name, found '1'"],
    [
      'an unterminated string',
      '{ "sessions": "abc\n}',
      1,
      19,
      'unterminated string (the line ends inside it)',
    ],
    ['a tab inside a string', '["a\tb"]', 1, 4, 'control character inside a string (escape it)'],
    ['a string running to the end', '{ "sessions": "abc', 1, 15, 'unterminated string'],
    ['a bad escape', '["a\\x"]', 1, 4, 'invalid escape in a string'],
    ['a bad unicode escape', '["\\u12G4"]', 1, 3, 'invalid \\u escape'],
    ['a bare word', '{ "a": yes }', 1, 8, "unexpected 'y'"],
    ['a leading zero', '[01]', 1, 3, "expected ',' or ']', found '1'"],
    ['a lone minus', '[-]', 1, 2, 'invalid number'],
    ['content after the value', '{}\n{}', 2, 1, "unexpected '{' after the end of the JSON value"],
    ['an empty file', '', 1, 1, 'unexpected end of input'],
    ['only whitespace', '  \n  ', 2, 3, 'unexpected end of input'],
    ['a truncated file', '{ "sessions": [ { "a": 1 }', 1, 27, 'unexpected end of input'],
    [
      'a merge conflict marker',
      '<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> x\n',
      1,
      1,
      "unexpected '<'",
    ],
  ])('locates %s', (_name, text, line, column, reason) => {
    expect(parseError(text)).toEqual({
      file: FILE,
      pointer: '',
      code: 'json-parse',
      line,
      column,
      message: `not valid JSON: ${reason} at line ${line}, column ${column}.`,
    });
  });

  it('counts columns after a CRLF line end from the start of the line', () => {
    expect(parseError('{\r\n  "a": ,\r\n}')).toMatchObject({ line: 2, column: 8 });
  });

  it('ignores a leading byte order mark', () => {
    expect(parseJsonDocument(FILE, '\uFEFF{"sessions":[]}').value).toEqual({ sessions: [] });
  });

  it('parses very deep nesting without overflowing, and locates an error inside it', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(parseJsonDocument(FILE, deep).problems).toEqual([]);
    expect(parseError(`${'['.repeat(100_000)}x`)).toMatchObject({ line: 1, column: 100_001 });
  });
});

describe('findJsonSyntaxError agrees with JSON.parse', () => {
  // Deterministic mutations of a realistic document: whatever JSON.parse rejects, the
  // scanner must locate; whatever it accepts, the scanner must accept.
  const base = serializeDocument({
    sessions: [
      {
        sessionId: 'developer-a1b2c3',
        n: -1.5e3,
        ok: true,
        none: null,
        s: 'a\\"b\\u00e9',
        list: [1, [], {}],
      },
    ],
  });
  const alphabet = [
    '{',
    '}',
    '[',
    ']',
    ',',
    ':',
    '"',
    '\\',
    '-',
    '0',
    '1',
    'e',
    '.',
    ' ',
    't',
    'n',
    '\n',
    '\u0001',
  ];
  let seed = 42;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };

  it('on 3000 mutated documents', () => {
    for (let round = 0; round < 3000; round++) {
      const at = random(base.length);
      const choice = random(3);
      const char = alphabet[random(alphabet.length)]!;
      const text =
        choice === 0
          ? base.slice(0, at) + base.slice(at + 1)
          : choice === 1
            ? base.slice(0, at) + char + base.slice(at)
            : base.slice(0, at) + char + base.slice(at + 1);
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      const found = findJsonSyntaxError(text);
      expect({ text, found: found !== undefined }).toEqual({ text, found: !valid });
    }
  });
});

describe('serializeDocument', () => {
  it('writes 2-space JSON with a final newline', () => {
    expect(serializeDocument({ sessions: [{ a: 1 }] })).toBe(
      '{\n  "sessions": [\n    {\n      "a": 1\n    }\n  ]\n}\n',
    );
  });

  it('round-trips through parseJsonDocument', () => {
    const value = { version: '1.0', prds: [], completed: [], abandoned: [], note: 'é ✓' };
    expect(parseJsonDocument('x.json', serializeDocument(value)).value).toEqual(value);
  });

  it('refuses a value that has no JSON form', () => {
    expect(() => serializeDocument(undefined)).toThrow(/cannot serialise undefined/);
  });
});

describe('serializeLike', () => {
  it.each([
    ['{\n  "a": 1\n}\n', '{\n  "a": 1,\n  "b": 2\n}\n'],
    ['{\n    "a": 1\n}\n', '{\n    "a": 1,\n    "b": 2\n}\n'],
    ['{\n\t"a": 1\n}', '{\n\t"a": 1,\n\t"b": 2\n}'],
    ['{"a":1}\n', '{"a":1,"b":2}\n'],
    [undefined, '{\n  "a": 1,\n  "b": 2\n}\n'],
  ])('writes in the style of %j', (original, expected) => {
    expect(serializeLike({ a: 1, b: 2 }, original)).toBe(expected);
  });
});

describe('duplicate keys', () => {
  it('names the repeated member with its pointer, line and column', () => {
    const text =
      '{\n  "sessions": [\n    { "status": "in_progress", "status": "merging" }\n  ]\n}\n';
    const parsed = parseJsonDocument('docs/session-locks.json', text);
    expect(parsed.value).toBeUndefined();
    expect(parsed.problems).toEqual([
      {
        file: 'docs/session-locks.json',
        pointer: '/sessions/0/status',
        code: 'json-duplicate-key',
        message: expect.stringContaining('sessions[0].status is given twice (line 3, column 32)'),
        line: 3,
        column: 32,
      },
    ]);
  });

  it('tells keys from values and nested objects apart', () => {
    const text = '{"a": "a", "b": {"a": 1, "c": ["a", {"a": 2}]}, "c": "\\"a\\":"}';
    expect(parseJsonDocument('x.json', text).problems).toEqual([]);
    const repeated = '[{"k": 1}, {"k": 2, "x": {"k": 3, "k": 4}}]';
    expect(parseJsonDocument('x.json', repeated).problems.map((p) => p.pointer)).toEqual([
      '/1/x/k',
    ]);
  });
});
