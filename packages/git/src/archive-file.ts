import { openObjectReader } from './object-reader.js';
import type { Repository } from './repository.js';

// Reading one archived document (docs/completed/…, docs/abandoned/…) at a commit of
// the coordination branch, for the dashboard's archive links: the archive lives only
// there, never necessarily in the viewer's worktree.

export type PathAtCommit =
  { kind: 'file'; text: string } | { kind: 'folder'; entries: string[] } | null;

/** A file's text or a folder's entry names at `commit:path`; null when there is none. */
export async function readPathAt(
  repo: Repository,
  commit: string,
  path: string,
): Promise<PathAtCommit> {
  const reader = openObjectReader(repo.git);
  try {
    const [object] = await reader.read([`${commit}:${path.replace(/\/+$/, '')}`]);
    if (!object) return null;
    if (object.type === 'blob') return { kind: 'file', text: object.data.toString('utf8') };
    if (object.type !== 'tree') return null;
    const entries = await reader.readTree(object.sha);
    return {
      kind: 'folder',
      entries: entries.map((entry) => (entry.type === 'tree' ? `${entry.name}/` : entry.name)),
    };
  } finally {
    reader.close();
  }
}
