import { LanesError } from '@lanes/core';
import type { Git } from './runner.js';
import { messages } from './messages.js';

export type ObjectType = 'commit' | 'tree' | 'blob' | 'tag';

export interface GitObject {
  sha: string;
  type: ObjectType;
  data: Buffer;
}

export interface TreeEntry {
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  name: string;
}

export interface CommitInfo {
  sha: string;
  tree: string;
  parents: string[];
}

/**
 * One `git cat-file --batch` process answering many requests: a whole documents
 * read (commit, trees level by level, blobs) costs one process, whatever the depth.
 */
export interface ObjectReader {
  /** Objects by name (sha, `ref^{commit}`, `sha:path`); null for a missing one. */
  read(names: readonly string[]): Promise<(GitObject | null)[]>;
  /** A tree's entries; memoized, trees are immutable. */
  readTree(sha: string): Promise<TreeEntry[]>;
  /**
   * Reads the trees among `names` (e.g. `<tree>:docs`) in one request, for readTree to
   * answer from memory: one round trip for several levels. Names that are missing or
   * not trees are passed over.
   */
  primeTrees(names: readonly string[]): Promise<void>;
  /** The commit a name points at, or null when it names none. */
  readCommit(name: string): Promise<CommitInfo | null>;
  close(): void;
}

interface Pending {
  names: readonly string[];
  results: (GitObject | null)[];
  resolve(objects: (GitObject | null)[]): void;
  reject(error: Error): void;
}

export function openObjectReader(git: Git): ObjectReader {
  const child = git.spawn(['cat-file', '--batch']);
  const queue: Pending[] = [];
  const trees = new Map<string, Promise<TreeEntry[]>>();
  // What cat-file sent that is not consumed yet, in chunks: joined only once the answer
  // at its head is complete (joining on every chunk made reading a large blob quadratic).
  let chunks: Buffer[] = [];
  let buffered = 0;
  // Bytes the answer at the head needs, once its header was read.
  let needed: number | undefined;
  let failure: Error | undefined;
  let closed = false;
  let stderr = '';

  const fail = (error: Error) => {
    failure ??= error;
    for (const pending of queue.splice(0)) pending.reject(failure);
  };

  // Consumes complete responses, in request order.
  const drain = () => {
    if (needed !== undefined && buffered < needed) return;
    let buffer = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    const keep = () => {
      chunks = buffer.length > 0 ? [buffer] : [];
      buffered = buffer.length;
    };
    needed = undefined;
    while (queue.length > 0) {
      const pending = queue[0]!;
      const newline = buffer.indexOf(0x0a);
      if (newline < 0) return keep();
      const header = buffer.subarray(0, newline).toString('utf8');
      const name = pending.names[pending.results.length]!;
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        buffer = buffer.subarray(newline + 1);
        pending.results.push(null);
      } else {
        const [sha, type, sizeText] = header.split(' ');
        const size = Number(sizeText);
        if (!sha || !type || !Number.isInteger(size)) {
          return fail(new LanesError('E_GIT', messages.unexpectedCatFile(name, header)));
        }
        if (buffer.length < newline + 1 + size + 1) {
          needed = newline + 1 + size + 1;
          return keep();
        }
        const data = Buffer.from(buffer.subarray(newline + 1, newline + 1 + size));
        buffer = buffer.subarray(newline + 1 + size + 1);
        pending.results.push({ sha, type: type as ObjectType, data });
      }
      if (pending.results.length === pending.names.length) {
        queue.shift();
        pending.resolve(pending.results);
      }
    }
    keep();
  };

  child.stdout!.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    buffered += chunk.length;
    drain();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  child.stdin!.on('error', () => {});
  child.on('error', (error) =>
    fail(new LanesError('E_GIT', messages.catFileFailed(error.message))),
  );
  child.on('close', (code) => {
    if (!closed || queue.length > 0)
      fail(new LanesError('E_GIT', messages.catFileFailed(`exit ${code}: ${stderr.trim()}`)));
  });

  const read = (names: readonly string[]) => {
    if (names.length === 0) return Promise.resolve([]);
    for (const name of names) {
      // One request per line: a name with a newline would desynchronize every answer after it.
      if (/[\n\r]/.test(name) || name === '') {
        return Promise.reject(new LanesError('E_USAGE', messages.badObjectName(name)));
      }
    }
    if (failure) return Promise.reject(failure);
    if (closed) return Promise.reject(new LanesError('E_INTERNAL', messages.readerClosed));
    return new Promise<(GitObject | null)[]>((resolve, reject) => {
      queue.push({ names, results: [], resolve, reject });
      child.stdin!.write(names.map((name) => `${name}\n`).join(''));
    });
  };

  const readTree = (sha: string) => {
    let entries = trees.get(sha);
    if (!entries) {
      entries = read([sha]).then(([object]) => {
        if (!object || object.type !== 'tree') {
          throw new LanesError('E_GIT', messages.notATree(sha));
        }
        return parseTree(object.data, object.sha.length / 2);
      });
      trees.set(sha, entries);
    }
    return entries;
  };

  const primeTrees = async (names: readonly string[]) => {
    const objects = await read(names);
    for (const object of objects) {
      if (object?.type === 'tree' && !trees.has(object.sha)) {
        trees.set(object.sha, Promise.resolve(parseTree(object.data, object.sha.length / 2)));
      }
    }
  };

  const readCommit = async (name: string) => {
    const [object] = await read([`${name}^{commit}`]);
    return object && object.type === 'commit' ? parseCommit(object.sha, object.data) : null;
  };

  return {
    read,
    readTree,
    primeTrees,
    readCommit,
    close: () => {
      if (closed) return;
      closed = true;
      child.stdin!.end();
    },
  };
}

/** A tree object's binary entries: `<mode> <name>\0<raw hash>` repeated. */
export function parseTree(data: Buffer, hashBytes: number): TreeEntry[] {
  const entries: TreeEntry[] = [];
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    const nul = data.indexOf(0x00, space);
    const mode = data.subarray(offset, space).toString('ascii');
    const name = data.subarray(space + 1, nul).toString('utf8');
    const sha = data.subarray(nul + 1, nul + 1 + hashBytes).toString('hex');
    entries.push({ mode: mode.padStart(6, '0'), type: typeOfMode(mode), sha, name });
    offset = nul + 1 + hashBytes;
  }
  return entries;
}

function typeOfMode(mode: string): TreeEntry['type'] {
  if (mode === '40000' || mode === '040000') return 'tree';
  if (mode === '160000') return 'commit';
  return 'blob';
}

export function parseCommit(sha: string, data: Buffer): CommitInfo {
  const headerEnd = data.indexOf('\n\n');
  const header = data.subarray(0, headerEnd < 0 ? data.length : headerEnd).toString('utf8');
  let tree = '';
  const parents: string[] = [];
  for (const line of header.split('\n')) {
    if (line.startsWith('tree ')) tree = line.slice(5);
    else if (line.startsWith('parent ')) parents.push(line.slice(7));
  }
  return { sha, tree, parents };
}
