// JSON.parse keeps the last of two equal keys, so a hand edit that repeats `"status"`
// would pass validation and the next lanes write would silently pick one of them.
// This pass runs on text JSON.parse accepted and finds every repeated key.

import { joinPointer } from './pointer.js';

export interface DuplicateKey {
  /** Offset of the repeated key's opening quote. */
  offset: number;
  /** Pointer of the repeated member (`/sessions/0/status`). */
  pointer: string;
}

interface Frame {
  pointer: string;
  /** Object keys seen so far; null for an array. */
  keys: Set<string> | null;
  index: number;
}

/** Every repeated object key in valid JSON text, in document order. */
export function findDuplicateKeys(text: string): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const stack: Frame[] = [];
  // Pointer of the value about to start (the root, an array item, or after `key:`).
  let next = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '{' || c === '[') {
      stack.push({ pointer: next, keys: c === '{' ? new Set() : null, index: 0 });
      if (c === '[') next = joinPointer(next, 0);
      i++;
    } else if (c === '}' || c === ']') {
      stack.pop();
      i++;
    } else if (c === ',') {
      const frame = stack.at(-1)!;
      if (frame.keys === null) next = joinPointer(frame.pointer, ++frame.index);
      i++;
    } else if (c === '"') {
      const end = stringEnd(text, i);
      const frame = stack.at(-1);
      if (frame?.keys && isKey(text, end)) {
        const key = JSON.parse(text.slice(i, end)) as string;
        next = joinPointer(frame.pointer, key);
        if (frame.keys.has(key)) found.push({ offset: i, pointer: next });
        frame.keys.add(key);
      }
      i = end;
    } else {
      i++;
    }
  }
  return found;
}

function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** A string followed by `:` is a key (valid JSON: only whitespace may stand between). */
function isKey(text: string, after: number): boolean {
  let i = after;
  while (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t') i++;
  return text[i] === ':';
}
