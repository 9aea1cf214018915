import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { expandBraces, globWithin, globsOverlap, pathMatchesAny } from './glob-overlap.js';

describe('globsOverlap', () => {
  it.each([
    ['src/**', 'src/a.ts'],
    ['src/a.ts', 'src/**'],
    ['src/**', 'src/a/**'],
    ['src/**', 'src'],
    ['**', 'anything/at/all.md'],
    ['**/*.ts', 'src/deep/x.ts'],
    ['src/*.ts', 'src/a*.ts'],
    ['src/*/index.ts', 'src/print/*'],
    ['src/a*', 'src/*b'],
    ['src/{print,export}/**', 'src/export/pdf.ts'],
    ['src/print/', 'src/print/pdf.ts'],
    ['./src/a.ts', 'src/a.ts'],
    ['src/**/types/*.ts', 'src/types/x.ts'],
    ['src/@(a|b)/x.ts', 'src/a/**'],
    ['!src/**', 'lib/x.ts'],
  ])('%s overlaps %s', (a, b) => {
    expect(globsOverlap(a, b)).toBe(true);
    expect(globsOverlap(b, a)).toBe(true);
  });

  it.each([
    ['src/a/**', 'src/b/**'],
    ['src/a.ts', 'src/b.ts'],
    ['src/*.ts', 'src/*.css'],
    ['src/*.ts', 'src/a/b.ts'],
    ['src/a*b', 'src/ab*c'],
    ['src/{print,export}/**', 'src/types/**'],
    ['docs/**', 'src/**'],
    ['src/@(a|b)/x.ts', 'lib/**'],
  ])('%s does not overlap %s', (a, b) => {
    expect(globsOverlap(a, b)).toBe(false);
    expect(globsOverlap(b, a)).toBe(false);
  });

  // Soundness: whenever some concrete path matches both globs, overlap must be found.
  it('never misses an overlap on a sample of paths', () => {
    const globs = [
      'src/**',
      'src/*.ts',
      'src/a*',
      'src/*b.ts',
      '**/x.ts',
      'src/*/x.ts',
      'src/a/**',
      '*.md',
      'src/{a,b}/*',
    ];
    const paths = [
      'src/a.ts',
      'src/ab.ts',
      'src/a/x.ts',
      'src/b/x.ts',
      'x.ts',
      'README.md',
      'src/b.ts',
      'src/a',
    ];
    for (const a of globs) {
      for (const b of globs) {
        const witness = paths.find(
          (p) => picomatch(a, { dot: true })(p) && picomatch(b, { dot: true })(p),
        );
        if (witness !== undefined)
          expect(globsOverlap(a, b), `${a} vs ${b} (${witness})`).toBe(true);
      }
    }
  });
});

describe('globWithin', () => {
  it.each([
    ['src/types/print.ts', ['src/types/**']],
    ['src/types/**', ['src/types/**']],
    ['src/types/print/**', ['src/types/**']],
    ['src/types/*.ts', ['src/**']],
    ['src/types/a*.ts', ['src/types/*.ts']],
    ['pnpm-lock.yaml', ['src/types/**', 'pnpm-lock.yaml']],
    ['src/{a,b}.ts', ['src/a.ts', 'src/b.ts']],
  ])('%s lies within %j', (glob, outer) => expect(globWithin(glob, outer)).toBe(true));

  it.each([
    ['src/**', ['src/types/**']],
    ['src/**', ['src/*']],
    ['src/*/types.ts', ['src/types/**']],
    ['src/types/*.ts', ['src/types/*.tsx']],
    ['src/{a,c}.ts', ['src/a.ts', 'src/b.ts']],
    ['src/a.ts', []],
  ])('%s is not within %j', (glob, outer) => expect(globWithin(glob, outer)).toBe(false));
});

describe('expandBraces and pathMatchesAny', () => {
  it('expands nested sets and keeps ranges', () => {
    expect(expandBraces('src/{a,b/{c,d}}.ts')).toEqual(['src/a.ts', 'src/b/c.ts', 'src/b/d.ts']);
    expect(expandBraces('x{1..3}')).toEqual(['x{1..3}']);
    expect(expandBraces('x{a')).toEqual(['x{a']);
  });

  it('matches files against globs', () => {
    expect(pathMatchesAny('src/types/a.ts', ['src/types/**'])).toBe(true);
    expect(pathMatchesAny('src/.hidden/a.ts', ['src/**'])).toBe(true);
    expect(pathMatchesAny('src/a.ts', [])).toBe(false);
  });
});
