import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// STYLE.md's packages by role, read from the sources themselves: every write runs one
// way (cli → start-work/release → git → core) because each package imports only the
// roles beneath it, and git is the only one that drives git.

const packagesDir = fileURLToPath(new URL('../..', import.meta.url));

/** Each package's rank: a package may import only those of a lower rank. */
const LAYERS: Record<string, number> = {
  core: 0,
  git: 1,
  hooks: 2,
  mcp: 2,
  'start-work': 3,
  release: 3,
  views: 4,
  cli: 5,
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/from '([^'.][^']*)'/g)].map((match) => match[1] as string);
}

const packages = Object.keys(LAYERS).map((name) => {
  const files = sources(join(packagesDir, name, 'src'));
  const imports = files.flatMap((file) =>
    importsOf(file).map((to): [string, string] => [file, to]),
  );
  return { name, files, imports };
});

it('knows every package of the repository', () => {
  const onDisk = readdirSync(packagesDir).filter((name) => name !== 'test-utils');
  expect(onDisk.sort()).toEqual(Object.keys(LAYERS).sort());
});

it('has each package import only the roles beneath it, never its own name or test-utils', () => {
  const upward = packages.flatMap(({ name, imports }) =>
    imports
      .filter(([, to]) => to.startsWith('@lanes/'))
      .map(([file, to]) => [relative(packagesDir, file), to.split('/')[1] ?? to])
      .filter(([, target]) => !((LAYERS[target!] ?? Infinity) < LAYERS[name]!))
      .map(([file, target]) => `${file} imports @lanes/${target}`),
  );
  expect(upward).toEqual([]);
});

it('declares in package.json every lanes package it imports', () => {
  const undeclared = packages.flatMap(({ name, imports }) => {
    const manifest = JSON.parse(readFileSync(join(packagesDir, name, 'package.json'), 'utf8'));
    const declared = { ...manifest.dependencies, ...manifest.devDependencies };
    const used = new Set(
      imports
        .map(([, to]) => to)
        .filter((to) => to.startsWith('@lanes/'))
        .map((to) => to.split('/').slice(0, 2).join('/')),
    );
    return [...used].filter((dep) => !(dep in declared)).map((dep) => `${name} uses ${dep}`);
  });
  expect(undeclared).toEqual([]);
});

it('leaves simple-git (the worktree porcelain) to packages/git, and core free of I/O', () => {
  const porcelain = packages
    .filter(({ name }) => name !== 'git')
    .flatMap(({ imports }) => imports.filter(([, to]) => to === 'simple-git'));
  expect(porcelain).toEqual([]);
  const core = packages.find(({ name }) => name === 'core');
  const io = core?.imports.filter(([, to]) =>
    /^node:(child_process|fs|fs\/promises|net|http)$/.test(to),
  );
  expect(io?.map(([file, to]) => `${relative(packagesDir, file)}: ${to}`)).toEqual([]);
});
