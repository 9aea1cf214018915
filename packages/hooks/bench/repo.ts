import { run, sandboxEnv, type Sandbox } from '@lanes/test-utils';

// Repositories of a given size without a worktree doing the writing: git fast-import
// builds the commits (20,000 files in about a second), a push puts them on the remote.

const COMMITTER = 'committer Lanes Bench <bench@lanes.invalid> 1767225600 +0000';

function fileCommand(path: string, content: string): string[] {
  return [`M 100644 inline ${path}`, `data ${Buffer.byteLength(content)}`, content];
}

function commitCommand(ref: string, from: string, message: string, files: string[][]): string[] {
  return [
    `commit ${ref}`,
    COMMITTER,
    `data ${Buffer.byteLength(message)}`,
    message,
    `from ${from}`,
    ...files.flat(),
  ];
}

async function fastImport(sandbox: Sandbox, clone: string, commands: string[]): Promise<void> {
  const imported = await run('git', ['fast-import', '--quiet', '--force'], {
    cwd: clone,
    env: sandboxEnv(),
    input: `${commands.join('\n')}\n`,
  });
  if (imported.exitCode !== 0) throw new Error(`fast-import failed: ${imported.stderr}`);
}

/** `count` small source files on main, in 100 folders, pushed. */
export async function addFillerFiles(sandbox: Sandbox, clone: string, count: number) {
  const files = Array.from({ length: count }, (_, n) =>
    fileCommand(
      `src/d${String(n % 100).padStart(2, '0')}/file${n}.ts`,
      `export const value${n} = ${n};\n`,
    ),
  );
  await fastImport(
    sandbox,
    clone,
    commitCommand('refs/heads/main', 'refs/heads/main^0', 'chore: filler files', files),
  );
  await sandbox.git(clone, 'push', '-q', '--no-verify', 'origin', 'main');
}

/** One branch per name, each from main's tip with one file of its own, pushed together. */
export async function addSessionBranches(
  sandbox: Sandbox,
  clone: string,
  branches: readonly string[],
): Promise<void> {
  const base = await sandbox.git(clone, 'rev-parse', 'refs/heads/main');
  const commands = branches.flatMap((branch, n) =>
    commitCommand(`refs/heads/${branch}`, base, `work on ${branch}`, [
      fileCommand(`src/sessions/session${n}.ts`, `export const session${n} = true;\n`),
    ]),
  );
  await fastImport(sandbox, clone, commands);
  await sandbox.git(clone, 'push', '-q', '--no-verify', 'origin', ...branches);
}
