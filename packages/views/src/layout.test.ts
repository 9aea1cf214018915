import { describe, expect, it } from 'vitest';
import { cell, line, oneLine, painter, section, table, truncate, WIDTH } from './layout.js';

const plain = painter(false);
const colour = painter(true);
// eslint-disable-next-line no-control-regex
const strip = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

describe('text layout', () => {
  it('truncates to the width with an ellipsis, and leaves short text alone', () => {
    expect(truncate('abcdef', 6)).toBe('abcdef');
    expect(truncate('abcdefg', 6)).toBe('abcde…');
    expect(truncate('abc', 0)).toBe('');
  });

  it('puts document text on one line without control characters', () => {
    expect(oneLine('  two\nlines\u001b[31m red \t tab ')).toBe('two lines [31m red tab');
  });

  it('cuts a line by its visible columns, then paints: colour never costs width', () => {
    const long = 'x'.repeat(100);
    const painted = line(['  ', ['strong', 'prd-a'], ' ', ['dim', long]], colour);
    expect(strip(painted)).toHaveLength(WIDTH);
    expect(strip(painted).endsWith('…')).toBe(true);
    expect(painted).toContain('\u001b[1mprd-a\u001b[22m');
    expect(line(['  ', ['strong', 'prd-a']], plain)).toBe('  prd-a');
  });

  it('ends the cut exactly at a part boundary with the ellipsis in that part', () => {
    expect(line(['abc', 'def'], plain, 4)).toBe('abc…');
    expect(line(['abcdef'], plain, 1)).toBe('…');
  });

  it('aligns table columns, multi-part cells included, and fits every row', () => {
    const rows = table(
      [
        [['strong', 'prd-a'], cell('risk ', ['bad', 'high']), 'A title'],
        ['prd-longer', cell('risk ', 'none'), 'y'.repeat(90)],
      ],
      plain,
    );
    expect(rows[0]).toBe('  prd-a       risk high  A title');
    expect(rows[1]!.startsWith('  prd-longer  risk none  yyy')).toBe(true);
    expect(rows[1]).toHaveLength(WIDTH);
  });

  it('leaves out an empty section and counts the others', () => {
    expect(section('DRAFTS', 0, [], plain)).toEqual([]);
    expect(section('DRAFTS', 2, ['  a', '  b'], plain)).toEqual(['', 'DRAFTS (2)', '  a', '  b']);
  });
});
