// Times in the documents are ISO 8601 UTC strings; rules receive `now` as a Date.

/** `2026-02-19T15:00:00Z`: whole seconds, the form the FORMATS.md examples use. */
export function isoSeconds(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The UTC calendar date of `now`, `YYYY-MM-DD`: archive folders are named by it. */
export function utcDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Milliseconds since the epoch, or NaN when the text is not a time. */
export function timeOf(iso: string | undefined): number {
  return iso === undefined ? Number.NaN : Date.parse(iso);
}
