import type { Diagnostic } from '../types.js';
import { LanesError } from '../errors.js';
import { findJsonSyntaxError, lineAndColumn } from './json-syntax.js';
import { messages } from './messages.js';

const BYTE_ORDER_MARK = '\uFEFF';

/** JSON text → value; a syntax error becomes one `json-parse` diagnostic with line and column. */
export function parseJsonDocument(
  file: string,
  text: string,
): { value?: unknown; problems: Diagnostic[] } {
  // Editors on some systems prepend a byte order mark; it is not part of the content.
  const body = typeof text === 'string' && text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
  if (typeof body !== 'string') {
    return { problems: [parseProblem(file, 'the content is not text', 1, 1)] };
  }
  try {
    return { value: JSON.parse(body) as unknown, problems: [] };
  } catch {
    const found = findJsonSyntaxError(body) ?? { offset: 0, reason: 'unreadable content' };
    const { line, column } = lineAndColumn(body, found.offset);
    return { problems: [parseProblem(file, found.reason, line, column)] };
  }
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
