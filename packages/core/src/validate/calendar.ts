import type { Diagnostic } from '../types.js';
import { diagnostic } from './diagnostic.js';
import { messages } from './messages.js';
import { describePointer, joinPointer } from './pointer.js';

// The schema's date-time pattern admits 2026-02-30; a real date check needs arithmetic.
const DATE_PREFIX = /^([0-9]{4})-([0-9]{2})-([0-9]{2})T/;

export function isCalendarDate(value: string): boolean {
  const match = DATE_PREFIX.exec(value);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth;
}

/**
 * `invalid-date-time` for each named date field whose value has the date-time form
 * but is no real day. `lists` maps a list field of the document to its date fields.
 */
export function impossibleDates(
  file: string,
  document: unknown,
  lists: Readonly<Record<string, readonly string[]>>,
): Diagnostic[] {
  const problems: Diagnostic[] = [];
  if (document === null || typeof document !== 'object') return problems;
  for (const [list, fields] of Object.entries(lists)) {
    const items = (document as Record<string, unknown>)[list];
    if (!Array.isArray(items)) continue;
    items.forEach((item: unknown, index) => {
      if (item === null || typeof item !== 'object') return;
      for (const name of fields) {
        const value = (item as Record<string, unknown>)[name];
        if (typeof value !== 'string' || !DATE_PREFIX.test(value) || isCalendarDate(value)) {
          continue;
        }
        const pointer = joinPointer('', list, index, name);
        problems.push(
          diagnostic(
            file,
            pointer,
            'invalid-date-time',
            messages.impossibleDate(describePointer(pointer), value),
          ),
        );
      }
    });
  }
  return problems;
}
