import picomatch from 'picomatch';

// Whether two `touches` globs can name a common path, and whether a glob lies
// inside the shared globs, decided on the patterns alone (no file list).
//
// The approximation errs on one side only, towards more risk: `globsOverlap` may
// say yes for globs that share no path (`a?` vs `?bc`: compatible prefixes and
// suffixes, incompatible lengths) but never no when some path matches both;
// `globWithin` may say no for a glob that is covered (`src/a?.ts` within
// `src/[a-z]?.ts`), never yes for one that is not. Under-reporting risk is the
// failure that matters.
//
// How: braces are expanded, the patterns are split into path segments and walked
// together, `**` standing for any number of segments (zero included, as picomatch
// matches `src` with `src/**`). A literal segment is tested against the other
// segment with picomatch; two wildcard segments overlap when their literal prefixes
// and suffixes are compatible. Extglobs (`@(…)`) can hide a `/`, so for them only
// the static bases are compared. A trailing `/` means the whole directory.

const MATCH_OPTIONS = { dot: true } as const;
const SPECIAL = /[*?[\]{}()\\]/;

function isLiteral(segment: string): boolean {
  return !SPECIAL.test(segment);
}

/** `{a,b}` and nested sets expanded; ranges (`{1..3}`) and unbalanced braces kept as they are. */
export function expandBraces(glob: string): string[] {
  const open = findTopLevelBrace(glob);
  if (open === undefined) return [glob];
  const { start, end, options } = open;
  const head = glob.slice(0, start);
  const tail = glob.slice(end + 1);
  return options.flatMap((option) => expandBraces(`${head}${option}${tail}`));
}

function findTopLevelBrace(
  glob: string,
): { start: number; end: number; options: string[] } | undefined {
  for (let start = glob.indexOf('{'); start !== -1; start = glob.indexOf('{', start + 1)) {
    let depth = 0;
    const commas: number[] = [];
    for (let i = start; i < glob.length; i += 1) {
      const char = glob[i];
      if (char === '\\') i += 1;
      else if (char === '{') depth += 1;
      else if (char === ',' && depth === 1) commas.push(i);
      else if (char === '}' && --depth === 0) {
        if (commas.length === 0) break;
        const cuts = [start, ...commas, i];
        const options = cuts.slice(1).map((cut, k) => glob.slice((cuts[k] ?? start) + 1, cut));
        return { start, end: i, options };
      }
    }
  }
  return undefined;
}

function normalize(glob: string): string {
  let g = glob
    .trim()
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '')
    .replace(/\/{2,}/g, '/');
  if (g.endsWith('/')) g = `${g}**`;
  return g === '' ? '**' : g;
}

function variants(glob: string): string[] {
  return expandBraces(normalize(glob)).map(normalize);
}

function hasExtglob(glob: string): boolean {
  return /[@!?+*]\(/.test(glob);
}

function staticBase(glob: string): string[] {
  const base = picomatch.scan(glob).base;
  return base === '' ? [] : base.split('/');
}

function basesRelated(a: string, b: string): boolean {
  const x = staticBase(a);
  const y = staticBase(b);
  const n = Math.min(x.length, y.length);
  return x.slice(0, n).every((segment, i) => segment === y[i]);
}

function literalPrefix(segment: string): string {
  const at = segment.search(SPECIAL);
  return at === -1 ? segment : segment.slice(0, at);
}

function literalSuffix(segment: string): string {
  let at = segment.length;
  while (at > 0 && !SPECIAL.test(segment[at - 1] ?? '')) at -= 1;
  return segment.slice(at);
}

function segmentsOverlap(a: string, b: string): boolean {
  if (a === b) return true;
  const aLiteral = isLiteral(a);
  const bLiteral = isLiteral(b);
  if (aLiteral && bLiteral) return false;
  if (aLiteral) return picomatch(b, MATCH_OPTIONS)(a);
  if (bLiteral) return picomatch(a, MATCH_OPTIONS)(b);
  const [pa, pb] = [literalPrefix(a), literalPrefix(b)];
  const [sa, sb] = [literalSuffix(a), literalSuffix(b)];
  return (pa.startsWith(pb) || pb.startsWith(pa)) && (sa.endsWith(sb) || sb.endsWith(sa));
}

function walkOverlap(a: string[], b: string[]): boolean {
  const memo = new Map<string, boolean>();
  const visit = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === a.length && j === b.length) result = true;
    else if (a[i] === '**') result = visit(i + 1, j) || (j < b.length && visit(i, j + 1));
    else if (b[j] === '**') result = visit(i, j + 1) || (i < a.length && visit(i + 1, j));
    else if (i === a.length || j === b.length) result = false;
    else result = segmentsOverlap(a[i] ?? '', b[j] ?? '') && visit(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return visit(0, 0);
}

function variantsOverlap(a: string, b: string): boolean {
  if (a.startsWith('!') || b.startsWith('!')) return true;
  if (hasExtglob(a) || hasExtglob(b)) return basesRelated(a, b);
  return walkOverlap(a.split('/'), b.split('/'));
}

/** True when some path could match both globs (see the note above: never a false no). */
export function globsOverlap(a: string, b: string): boolean {
  const bs = variants(b);
  return variants(a).some((va) => bs.some((vb) => variantsOverlap(va, vb)));
}

// An outer segment `X*Y` (one star, nothing else special) holds every name that
// starts with X and ends with Y; any other wildcard outer is only trusted when equal.
function segmentWithin(inner: string, outer: string): boolean {
  if (inner === outer) return true;
  if (isLiteral(inner)) return picomatch(outer, MATCH_OPTIONS)(inner);
  const star = /^([^*?[\]{}()\\]*)\*+([^*?[\]{}()\\]*)$/.exec(outer);
  if (star === null) return false;
  const [, head = '', tail = ''] = star;
  return literalPrefix(inner).startsWith(head) && literalSuffix(inner).endsWith(tail);
}

function walkWithin(inner: string[], outer: string[]): boolean {
  const memo = new Map<string, boolean>();
  const visit = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === inner.length) result = outer.slice(j).every((segment) => segment === '**');
    else if (j === outer.length) result = false;
    else if (outer[j] === '**') result = visit(i, j + 1) || visit(i + 1, j);
    else if (inner[i] === '**') result = false;
    else result = segmentWithin(inner[i] ?? '', outer[j] ?? '') && visit(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return visit(0, 0);
}

function variantWithin(inner: string, outer: string): boolean {
  if (inner.startsWith('!') || outer.startsWith('!')) return false;
  if (isLiteral(inner)) return picomatch(outer, MATCH_OPTIONS)(inner);
  if (hasExtglob(inner) || hasExtglob(outer)) return false;
  return walkWithin(inner.split('/'), outer.split('/'));
}

/** True only when every path the glob matches also matches one of `outer`. */
export function globWithin(glob: string, outer: readonly string[]): boolean {
  const outers = outer.flatMap(variants);
  return variants(glob).every((inner) => outers.some((o) => variantWithin(inner, o)));
}

/** Whether a concrete file path matches any of the globs. */
export function pathMatchesAny(path: string, globs: readonly string[]): boolean {
  return globs.length > 0 && picomatch(globs.map(normalize), MATCH_OPTIONS)(path);
}
