// JSON.parse's error messages differ between Node versions and often carry no
// position, so on failure this scanner walks the text (RFC 8259) to find where it
// breaks. It keeps an explicit stack: deeply nested garbage cannot overflow it.

export interface JsonSyntaxError {
  offset: number;
  reason: string;
}

type Expect = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'after-value';

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /^[0-9a-fA-F]{4}$/;

export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const stack: ('{' | '[')[] = [];
  let i = 0;
  let expect: Expect = 'value';
  for (;;) {
    while (i < text.length && WHITESPACE.has(text[i]!)) i++;
    if (i >= text.length) {
      return expect === 'after-value' && stack.length === 0
        ? undefined
        : { offset: i, reason: 'unexpected end of input' };
    }
    const c = text[i]!;
    if (expect === 'value-or-close' && c === ']') {
      stack.pop();
      i++;
      expect = 'after-value';
      continue;
    }
    if (expect === 'key-or-close' && c === '}') {
      stack.pop();
      i++;
      expect = 'after-value';
      continue;
    }
    if (expect === 'key' || expect === 'key-or-close') {
      if (c !== '"')
        return {
          offset: i,
          reason: `expected a property name in double quotes, found ${shown(c)}`,
        };
      const end = scanString(text, i);
      if (typeof end !== 'number') return end;
      i = end;
      while (i < text.length && WHITESPACE.has(text[i]!)) i++;
      if (text[i] !== ':')
        return {
          offset: i,
          reason: `expected ':' after the property name, found ${shown(text[i])}`,
        };
      i++;
      expect = 'value';
      continue;
    }
    if (expect === 'after-value') {
      const open = stack.at(-1);
      if (open === undefined)
        return { offset: i, reason: `unexpected ${shown(c)} after the end of the JSON value` };
      const close = open === '{' ? '}' : ']';
      if (c === ',') {
        i++;
        expect = open === '{' ? 'key' : 'value';
      } else if (c === close) {
        stack.pop();
        i++;
      } else {
        return { offset: i, reason: `expected ',' or '${close}', found ${shown(c)}` };
      }
      continue;
    }
    // A value.
    if (c === '{' || c === '[') {
      stack.push(c);
      i++;
      expect = c === '{' ? 'key-or-close' : 'value-or-close';
      continue;
    }
    if (c === '"') {
      const end = scanString(text, i);
      if (typeof end !== 'number') return end;
      i = end;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      if (!NUMBER.test(text)) return { offset: i, reason: 'invalid number' };
      i = NUMBER.lastIndex;
    } else {
      const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i));
      if (literal === undefined) return { offset: i, reason: `unexpected ${shown(c)}` };
      i += literal.length;
    }
    expect = 'after-value';
  }
}

/** Offset just past the closing quote, or the error inside the string. */
function scanString(text: string, start: number): number | JsonSyntaxError {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') return i + 1;
    if (c === '\n' || c === '\r')
      return { offset: i, reason: 'unterminated string (the line ends inside it)' };
    if (c < ' ') return { offset: i, reason: 'control character inside a string (escape it)' };
    if (c === '\\') {
      const next = text[i + 1];
      if (next === 'u') {
        if (!HEX4.test(text.slice(i + 2, i + 6)))
          return { offset: i, reason: 'invalid \\u escape' };
        i += 6;
        continue;
      }
      if (next === undefined || !ESCAPES.has(next))
        return { offset: i, reason: 'invalid escape in a string' };
      i += 2;
      continue;
    }
    i++;
  }
  return { offset: start, reason: 'unterminated string' };
}

function shown(c: string | undefined): string {
  if (c === undefined) return 'the end of input';
  return c < ' ' ? `character U+${c.charCodeAt(0).toString(16).padStart(4, '0')}` : `'${c}'`;
}

/** 1-based line and column (in UTF-16 code units) of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
