import { createHash } from 'node:crypto';
import { cp, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSandbox, runLanes, type Sandbox } from '@lanes/test-utils';
import { afterEach, describe, expect, it } from 'vitest';

const FIXTURES = fileURLToPath(new URL('../../core/test/fixtures/', import.meta.url));
const FORMATS_REPO = join(FIXTURES, 'formats-repo');
const BROKEN = join(FIXTURES, 'broken');

interface ExpectedProblem {
  file: string;
  pointer: string;
  code: string;
  line?: number;
  column?: number;
}
const expected = JSON.parse(await readFile(join(BROKEN, 'expected.json'), 'utf8')) as Record<
  string,
  ExpectedProblem[]
>;

interface ValidateJson {
  ok: boolean;
  source: string;
  problems: ExpectedProblem[];
}

/** Hash of every file under `dir` except .git, to prove validate rewrites nothing. */
async function fingerprint(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (path: string): Promise<void> => {
    for (const entry of (await readdir(path)).sort()) {
      if (entry === '.git') continue;
      const full = join(path, entry);
      if ((await stat(full)).isDirectory()) await walk(full);
      else hash.update(full).update(await readFile(full));
    }
  };
  await walk(dir);
  return hash.digest('hex');
}

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.cleanup();
  sandbox = undefined;
});

/** A clone whose main holds the FORMATS.md example repository, pushed to the remote. */
async function formatsClone(): Promise<{ sandbox: Sandbox; clone: string }> {
  sandbox = await createSandbox({ clones: 1 });
  const clone = sandbox.clones[0]!;
  await cp(FORMATS_REPO, clone, { recursive: true });
  await sandbox.commit(clone, 'chore: lanes documents');
  await sandbox.git(clone, 'push', '-q', 'origin', 'main');
  return { sandbox, clone };
}

describe('lanes validate', () => {
  it('accepts the FORMATS.md examples in the working tree', async () => {
    const { clone } = await formatsClone();
    const result = await runLanes(clone, ['validate', '--worktree', '--json']);
    expect(result.exitCode).toBe(0);
    expect(result.json).toEqual({ ok: true, source: 'the working tree', problems: [] });
  });

  it.each(Object.keys(expected))(
    'exits 4 naming file and field for the broken fixture %s, changing nothing',
    async (name) => {
      // Each broken fixture is a whole repository tree, not an overlay.
      const box = (sandbox = await createSandbox({ clones: 1 }));
      const clone = box.clones[0]!;
      await cp(join(BROKEN, name), clone, { recursive: true });
      const before = await fingerprint(clone);
      const statusBefore = await box.git(clone, 'status', '--porcelain');

      const result = await runLanes(clone, ['validate', '--worktree', '--json']);

      expect(result.exitCode).toBe(4);
      const json = result.json as ValidateJson;
      expect(json.ok).toBe(false);
      const got = json.problems.map(({ file, pointer, code, line, column }) => ({
        file,
        pointer,
        code,
        ...(line === undefined ? {} : { line, column }),
      }));
      expect(got).toEqual(expected[name]);
      expect(await fingerprint(clone)).toBe(before);
      expect(await box.git(clone, 'status', '--porcelain')).toBe(statusBefore);
    },
  );

  it('prints each problem with file and pointer in text mode', async () => {
    const { clone } = await formatsClone();
    await cp(join(BROKEN, 'dependency-cycle'), clone, { recursive: true, force: true });
    const result = await runLanes(clone, ['validate', '--worktree']);
    expect(result.exitCode).toBe(4);
    expect(result.stdout + result.stderr).toContain('docs/prd-registry.json');
    expect(result.stdout + result.stderr).toContain('/prds/1/dependsOn/0');
    expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('validates a ref without checking it out', async () => {
    const { sandbox: box, clone } = await formatsClone();
    await box.git(clone, 'switch', '-q', '-c', 'broken');
    await cp(join(BROKEN, 'duplicate-session'), clone, { recursive: true, force: true });
    await box.commit(clone, 'break it');
    await box.git(clone, 'switch', '-q', 'main');

    const bad = await runLanes(clone, ['validate', '--ref', 'broken', '--json']);
    expect(bad.exitCode).toBe(4);
    expect((bad.json as ValidateJson).problems.length).toBeGreaterThan(0);
    expect(await box.git(clone, 'branch', '--show-current')).toBe('main');

    const good = await runLanes(clone, ['validate', '--ref', 'main', '--json']);
    expect(good.exitCode).toBe(0);
  });

  it('validates the coordination branch on the remote by default', async () => {
    const { sandbox: box, clone } = await formatsClone();
    const ok = await runLanes(clone, ['validate', '--json']);
    expect(ok.exitCode).toBe(0);
    expect((ok.json as ValidateJson).source).toBe('origin/main');

    // Someone else pushes a broken lock file; this clone has not pulled it.
    const other = await box.addClone('other');
    await cp(join(BROKEN, 'unparseable-locks'), other, { recursive: true, force: true });
    await box.commit(other, 'break the locks');
    await box.git(other, 'push', '-q', 'origin', 'main');

    const bad = await runLanes(clone, ['validate', '--json']);
    expect(bad.exitCode).toBe(4);
    expect((bad.json as ValidateJson).problems[0]).toMatchObject({
      file: 'docs/session-locks.json',
      code: 'json-parse',
    });
    expect(await box.git(clone, 'rev-parse', 'HEAD')).not.toBe(
      await box.git(other, 'rev-parse', 'HEAD'),
    );
  });

  it('follows the coordination branch lanes init recorded, even from main', async () => {
    sandbox = await createSandbox({ clones: 1 });
    const clone = sandbox.clones[0]!;
    const init = await runLanes(clone, ['init', '--branch', 'lanes', '--no-hooks', '--json']);
    expect(init.exitCode, init.stderr).toBe(0);
    expect(await sandbox.git(clone, 'branch', '--show-current')).toBe('main');
    const result = await runLanes(clone, ['validate', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.json).toMatchObject({ ok: true, source: 'origin/lanes' });
  });

  it('says the repository is not initialized when there are no documents', async () => {
    sandbox = await createSandbox({ clones: 1 });
    const result = await runLanes(sandbox.clones[0]!, ['validate', '--worktree', '--json']);
    expect(result.exitCode).toBe(3);
    expect(result.json).toMatchObject({ error: { code: 'E_NOT_INITIALIZED' } });
  });

  it('rejects unknown flags and contradictory ones with exit 2', async () => {
    sandbox = await createSandbox({ clones: 1 });
    const clone = sandbox.clones[0]!;
    const unknown = await runLanes(clone, ['validate', '--frobnicate', '--json']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.json).toMatchObject({ error: { code: 'E_USAGE' } });
    const both = await runLanes(clone, ['validate', '--ref', 'main', '--worktree']);
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toContain('--ref');
    const command = await runLanes(clone, ['frobnicate']);
    expect(command.exitCode).toBe(2);
  });
});
