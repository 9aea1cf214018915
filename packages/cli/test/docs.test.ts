import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { runLanes } from '@lanes/test-utils';
import { describe, expect, it } from 'vitest';

// The docs are checked against the CLI itself, so they cannot drift.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string) => readFile(`${root}${path}`, 'utf8');

describe('docs', () => {
  it("docs/cli.md holds every command's --help exactly (run pnpm docs:cli to update)", async () => {
    const reference = await read('docs/cli.md');
    const overview = await runLanes(root, ['--help']);
    expect(reference).toContain(overview.stdout.trimEnd());
    const commands = [...overview.stdout.matchAll(/^ {2}([a-z]+(?: [a-z]+)?) {2,}/gm)].map(
      (m) => m[1]!,
    );
    expect(commands.length).toBeGreaterThanOrEqual(16);
    for (const command of commands) {
      const help = await runLanes(root, [...command.split(' '), '--help']);
      expect(help.exitCode).toBe(0);
      const own = help.stdout.split('\nglobal options:')[0]!.trimEnd();
      expect(reference, `docs/cli.md is out of date for 'lanes ${command}'`).toContain(
        `## lanes ${command}\n\n\`\`\`text\n${own}\n\`\`\``,
      );
    }
  });

  it('keeps the agent guide in docs/ identical to the one lanes init writes', async () => {
    expect(await read('docs/lanes-agents.md')).toBe(
      await read('packages/cli/templates/lanes-agents.md'),
    );
  });

  it('the README links only to docs that exist', async () => {
    const readme = await read('README.md');
    const links = [...readme.matchAll(/\]\((docs\/[^)]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) await expect(read(link)).resolves.toBeTypeOf('string');
  });
});
