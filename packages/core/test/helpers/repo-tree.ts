// Reads a fixture repository tree the way the git store reads a commit: the lanes
// documents as text, plus every path under docs/ (and project.json) for existence checks.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RawDocuments } from '../../src/types.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

const DOCUMENT =
  /^(?:project\.json|docs\/project\.json|docs\/session-locks\.json|docs\/prd-registry\.json|docs\/(?:prds|drafts)\/[^/]+\.json)$/;

function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

export function readRepoTree(root: string): RawDocuments {
  const all = listFiles(root);
  const files: Record<string, string> = {};
  for (const path of all.filter((p) => DOCUMENT.test(p))) {
    files[path] = readFileSync(join(root, path), 'utf8');
  }
  const paths = all.filter((p) => p.startsWith('docs/') || p === 'project.json');
  return { files, paths };
}
