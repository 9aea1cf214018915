// The on-disk broken repositories (reused by the CLI's `lanes validate --worktree`
// test) report exactly the problems their expected.json lists.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateDocuments } from '../src/index.js';
import { FIXTURES, readRepoTree } from './helpers/repo-tree.js';

const BROKEN = `${FIXTURES}broken/`;
const expected = JSON.parse(readFileSync(`${BROKEN}expected.json`, 'utf8')) as Record<
  string,
  { file: string; pointer: string; code: string; line?: number; column?: number }[]
>;

describe('broken fixture repositories', () => {
  it('each folder has its expectations', () => {
    const folders = readdirSync(BROKEN, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(folders.sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))('%s', (name, problems) => {
    const result = validateDocuments(readRepoTree(`${BROKEN}${name}`));
    expect(result.initialized).toBe(true);
    expect(
      result.problems.map(({ file, pointer, code, line, column }) => ({
        file,
        pointer,
        code,
        ...(line === undefined ? {} : { line, column }),
      })),
    ).toEqual(problems);
  });

  it('the cycle names its path', () => {
    const result = validateDocuments(readRepoTree(`${BROKEN}dependency-cycle`));
    expect(result.problems[0]?.message).toBe(
      'prds[1].dependsOn[0] closes a dependency cycle: prd-print-templates → prd-export → prd-print-templates; none of these PRDs can ever start.',
    );
  });
});
