import { run, sandboxEnv, type Sandbox } from '@lanes/test-utils';

/**
 * Adds a commit of `count` small source files on the remote's main, written by
 * fast-import straight into the bare remote (no worktree, no push of 20,000 objects),
 * so the benchmark can compare costs that grow with repository size.
 */
export async function addFillerFiles(sandbox: Sandbox, count: number): Promise<void> {
  const lines = [
    'commit refs/heads/main',
    'committer Lanes Bench <bench@lanes.invalid> 1767225600 +0000',
    'data 20',
    'chore: filler files',
    'from refs/heads/main^0',
  ];
  for (let n = 0; n < count; n++) {
    const content = `export const value${n} = ${n};\n`;
    lines.push(
      `M 100644 inline src/d${String(n % 100).padStart(2, '0')}/file${n}.ts`,
      `data ${Buffer.byteLength(content)}`,
      content,
    );
  }
  const imported = await run('git', ['fast-import', '--quiet'], {
    cwd: sandbox.remote,
    env: sandboxEnv(),
    input: `${lines.join('\n')}\n`,
  });
  if (imported.exitCode !== 0) throw new Error(`fast-import failed: ${imported.stderr}`);
}

/** A clone as a session leaves it mid-work: a feature branch with a commit, and an uncommitted edit. */
export async function busyClone(sandbox: Sandbox): Promise<string> {
  const clone = await sandbox.addClone();
  await sandbox.git(clone, 'checkout', '-q', '-b', 'feature/work');
  await sandbox.commit(clone, 'feat: work', { 'src/feature.ts': 'export const feature = 1;\n' });
  await sandbox.write(clone, 'src/feature.ts', 'export const feature = 2;\n');
  return clone;
}

/** `count` clones named `<prefix>-<n>`, a few at a time (clone is mostly waiting on disk). */
export async function addClones(
  sandbox: Sandbox,
  count: number,
  prefix = 'writer',
): Promise<string[]> {
  const clones: string[] = new Array<string>(count);
  const parallel = 4;
  for (let start = 0; start < count; start += parallel) {
    const batch = Array.from(
      { length: Math.min(parallel, count - start) },
      (_, offset) => start + offset,
    );
    await Promise.all(
      batch.map(async (index) => {
        clones[index] = await sandbox.addClone(`${prefix}-${index}`);
      }),
    );
  }
  return clones;
}
