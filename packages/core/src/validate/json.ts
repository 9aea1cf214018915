import type { Diagnostic } from '../types.js';
import { LanesError } from '../errors.js';
import { findDuplicateKeys } from './json-duplicates.js';
import { findJsonSyntaxError, lineAndColumn } from './json-syntax.js';
import { messages } from './messages.js';
import { describePointer } from './pointer.js';

const BYTE_ORDER_MARK = '\uFEFF';

/**
 * JSON text → value; a syntax error becomes one `json-parse` diagnostic with line and
 * column, and every repeated key a `json-duplicate-key` one (the document is then unusable).
 */
export function parseJsonDocument(
  file: string,
  text: string,
): { value?: unknown; problems: Diagnostic[] } {
  // Editors on some systems prepend a byte order mark; it is not part of the content.
  const body = typeof text === 'string' && text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
  if (typeof body !== 'string') {
    return { problems: [parseProblem(file, 'the content is not text', 1, 1)] };
  }
  let value: unknown;
  try {
    value = JSON.parse(body) as unknown;
  } catch {
    const found = findJsonSyntaxError(body) ?? { offset: 0, reason: 'unreadable content' };
    const { line, column } = lineAndColumn(body, found.offset);
    return { problems: [parseProblem(file, found.reason, line, column)] };
  }
  const duplicates = findDuplicateKeys(body);
  if (duplicates.length === 0) return { value, problems: [] };
  return {
    problems: duplicates.map(({ offset, pointer }) => {
      const { line, column } = lineAndColumn(body, offset);
      return {
        file,
        pointer,
        code: 'json-duplicate-key',
        message: messages.jsonDuplicateKey(describePointer(pointer), line, column),
        line,
        column,
      };
    }),
  };
}

function parseProblem(file: string, reason: string, line: number, column: number): Diagnostic {
  return {
    file,
    pointer: '',
    code: 'json-parse',
    message: messages.jsonParse(reason, line, column),
    line,
    column,
  };
}

/** The one serialisation for every file lanes writes: 2-space JSON and a final newline. */
export function serializeDocument(value: unknown): string {
  const text = JSON.stringify(value, null, 2) as string | undefined;
  if (text === undefined) {
    throw new LanesError('E_INTERNAL', `cannot serialise ${typeof value} as a JSON document`);
  }
  return `${text}\n`;
}

/**
 * A user's JSON file rewritten in its own style: its indentation (two spaces, four, a
 * tab; none for a file on one line) and its final newline or none, so that a tool that
 * adds something and takes it out again gives back the same bytes.
 */
export function serializeLike(value: unknown, original: string | undefined): string {
  const text = JSON.stringify(value, null, indentOf(original));
  return original === undefined || original.endsWith('\n') ? `${text}\n` : text;
}

function indentOf(original: string | undefined): string {
  if (original === undefined) return '  ';
  if (!original.trim().includes('\n')) return '';
  return /^[{[][^\n]*\n([ \t]+)\S/.exec(original)?.[1] ?? '  ';
}
