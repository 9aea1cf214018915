// JSON pointers (RFC 6901) name the field a diagnostic is about; people read them as
// `sessions[0].heartbeat`, so both forms live here.

export function joinPointer(base: string, ...segments: readonly (string | number)[]): string {
  return segments.reduce<string>(
    (pointer, segment) => `${pointer}/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`,
    base,
  );
}

export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `/sessions/0/heartbeat` → `sessions[0].heartbeat`; `` → `the document`. */
export function describePointer(pointer: string): string {
  const segments = pointerSegments(pointer);
  if (segments.length === 0) return 'the document';
  return segments.reduce<string>((text, segment) => {
    if (/^(0|[1-9][0-9]*)$/.test(segment)) return `${text}[${segment}]`;
    const name = /^[A-Za-z_$][\w$]*$/.test(segment) ? segment : JSON.stringify(segment);
    return text === '' ? name : `${text}.${name}`;
  }, '');
}

/** The value a pointer names inside `root`, or undefined when there is none. */
export function valueAt(root: unknown, pointer: string): unknown {
  let current = root;
  for (const segment of pointerSegments(pointer)) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** True when `pointer` is `other` or lies inside it. */
export function isWithin(pointer: string, other: string): boolean {
  return pointer === other || pointer.startsWith(`${other}/`);
}
