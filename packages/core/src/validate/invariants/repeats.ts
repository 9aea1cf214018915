/** Each later item whose key an earlier item already had, with that earlier index. */
export function repeats<T>(
  items: readonly T[],
  key: (item: T) => string,
): { item: T; index: number; firstIndex: number }[] {
  const firstAt = new Map<string, number>();
  const found: { item: T; index: number; firstIndex: number }[] = [];
  items.forEach((item, index) => {
    const k = key(item);
    const firstIndex = firstAt.get(k);
    if (firstIndex === undefined) firstAt.set(k, index);
    else found.push({ item, index, firstIndex });
  });
  return found;
}
