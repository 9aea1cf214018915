// Text layout for the dashboards: every line fits the width (the terminal's, 80
// columns by default; Infinity when stdout is not a terminal, so nothing a person may
// copy is cut), long text ends in an ellipsis, and colour is added only after
// measuring, so escape codes never count as columns.

export const WIDTH = 80;
const ELLIPSIS = '…';

export type Style = 'heading' | 'dim' | 'bad' | 'warn' | 'good' | 'strong';

/** A piece of a line: plain text, or text in a style. */
export type Part = string | readonly [Style, string];

const CODES: Record<Style, [number, number]> = {
  heading: [1, 22],
  strong: [1, 22],
  dim: [2, 22],
  bad: [31, 39],
  warn: [33, 39],
  good: [32, 39],
};

export type Paint = (style: Style, text: string) => string;

/** How a risk level is painted where every level is shown in its colour. */
export const RISK_STYLE: Record<'high' | 'medium' | 'low' | 'none', Style> = {
  high: 'bad',
  medium: 'warn',
  low: 'dim',
  none: 'dim',
};

export function painter(color: boolean): Paint {
  if (!color) return (_style, text) => text;
  return (style, text) => {
    const [on, off] = CODES[style];
    return text === '' ? text : `\u001b[${on}m${text}\u001b[${off}m`;
  };
}

/**
 * Text from the documents (titles, reasons) on one line: control characters would
 * break the layout or, worse, drive the terminal, so they become spaces.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]+/g;

export function oneLine(text: string): string {
  return text.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
}

function columns(text: string): number {
  return [...text].length;
}

/** Cuts text to `width` columns, ending in an ellipsis when something was cut. */
export function truncate(text: string, width: number): string {
  if (columns(text) <= width) return text;
  if (width <= 0) return '';
  return [...text].slice(0, width - 1).join('') + ELLIPSIS;
}

/** One line from parts: measured plain, cut to the width, then painted. */
export function line(parts: readonly Part[], paint: Paint, width = WIDTH): string {
  const plain = parts.map(partText);
  const total = plain.reduce((sum, text) => sum + columns(text), 0);
  let budget = total <= width ? total : width - 1;
  const out: string[] = [];
  for (const [index, part] of parts.entries()) {
    if (budget <= 0) break;
    const text = [...plain[index]!];
    const taken = text.slice(0, budget).join('');
    budget -= columns(taken);
    const cut = total > width && budget === 0;
    const shown = cut ? `${taken}${ELLIPSIS}` : taken;
    out.push(typeof part === 'string' ? shown : paint(part[0], shown));
  }
  if (total > width && out.length === 0) return ELLIPSIS;
  return out.join('').trimEnd();
}

function partText(part: Part): string {
  return typeof part === 'string' ? part : part[1];
}

/** A table cell made of several parts (e.g. `risk ` then a coloured level). */
export interface Cell {
  parts: readonly Part[];
}

export function cell(...parts: Part[]): Cell {
  return { parts };
}

function cellParts(value: Part | Cell): readonly Part[] {
  return typeof value === 'object' && 'parts' in value ? value.parts : [value];
}

function cellWidth(value: Part | Cell): number {
  return cellParts(value).reduce((sum, part) => sum + columns(partText(part)), 0);
}

/**
 * Rows of cells as aligned columns (every column but the last padded to its widest
 * cell), each line cut to the width.
 */
export function table(
  rows: readonly (readonly (Part | Cell)[])[],
  paint: Paint,
  indent = '  ',
  width = WIDTH,
): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((value, index) => {
      if (index < row.length - 1) widths[index] = Math.max(widths[index] ?? 0, cellWidth(value));
    });
  }
  return rows.map((row) => {
    const parts: Part[] = [indent];
    row.forEach((value, index) => {
      parts.push(...cellParts(value));
      if (index < row.length - 1)
        parts.push(' '.repeat((widths[index] ?? 0) - cellWidth(value) + 2));
    });
    return line(parts, paint, width);
  });
}

/** A section: its heading with a count, then its lines; nothing when there are no lines. */
export function section(
  title: string,
  count: number,
  body: readonly string[],
  paint: Paint,
): string[] {
  if (body.length === 0) return [];
  return ['', line([['heading', `${title} (${count})`]], paint), ...body];
}
