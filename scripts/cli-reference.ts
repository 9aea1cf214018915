// Regenerates docs/cli.md from the CLI's own --help output (`pnpm docs:cli`), so the
// reference cannot drift: packages/cli/test/docs.test.ts fails when they differ.
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../packages/cli/bin/lanes.js', import.meta.url));
const help = (...args: string[]) =>
  execFileSync(process.execPath, [bin, ...args, '--help'], { encoding: 'utf8' });

/** A command's help without the global options every command shares. */
export function commandHelp(text: string): string {
  return text.split('\nglobal options:')[0]!.trimEnd();
}

const overview = help();
const commands = [...overview.matchAll(/^ {2}([a-z]+(?: [a-z]+)?) {2,}/gm)].map((m) => m[1]!);
const sections = commands.map(
  (command) =>
    `## lanes ${command}\n\n\`\`\`text\n${commandHelp(help(...command.split(' ')))}\n\`\`\`\n`,
);
const doc = `# CLI reference

Generated from \`lanes --help\` by \`pnpm docs:cli\`; a test keeps it in step with the
CLI. The contract behind it — JSON fields, exit codes, error codes — is summarised in
[the agent guide](lanes-agents.md).

\`\`\`text
${overview.trimEnd()}
\`\`\`

## Exit codes

| code | meaning |
| --- | --- |
| 0 | done |
| 1 | failed (git or remote error, merge conflict, quality check failed): see the error code |
| 2 | usage error: unknown command or flag, malformed id |
| 3 | refused by a coordination rule: already claimed, dependencies unmet, high conflict risk, not the owner, not stale, nothing available |
| 4 | the state is invalid (\`validate\` found problems, a hook blocked a push) |

${sections.join('\n')}`;

await writeFile(new URL('../docs/cli.md', import.meta.url), doc);
process.stderr.write(`wrote docs/cli.md (${commands.length} commands)\n`);
