// "Did you mean" for mistyped ids: edit distance, or one id containing the other.

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Up to `limit` known ids that look like `wanted`, closest first. */
export function similarIds(wanted: string, known: readonly string[], limit = 3): string[] {
  const core = wanted.replace(/^prd-/, '');
  return known
    .map((id) => {
      const slug = id.replace(/^prd-/, '');
      const contains = core.length >= 3 && (slug.includes(core) || core.includes(slug));
      return { id, distance: contains ? 0 : editDistance(core, slug) };
    })
    .filter(({ distance }) => distance <= Math.max(2, Math.floor(core.length / 3)))
    .sort((x, y) => x.distance - y.distance || x.id.localeCompare(y.id))
    .slice(0, limit)
    .map(({ id }) => id);
}
