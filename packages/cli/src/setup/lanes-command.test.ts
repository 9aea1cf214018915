import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lanesCommand, projectLanesBin, projectRelativeBin } from './lanes-command.js';

describe('lanesCommand', () => {
  let root: string;
  // Where pnpm puts the package that runs: a versioned folder an upgrade removes.
  const storeBin = () =>
    join(root, 'node_modules/.pnpm/@lanes+cli@0.1.0/node_modules/@lanes/cli/bin/lanes.js');

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'lanes-command-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('names the project’s node_modules/@lanes/cli, not the versioned folder that ran', async () => {
    await mkdir(join(root, 'node_modules/@lanes/cli/bin'), { recursive: true });
    await writeFile(join(root, 'node_modules/@lanes/cli/bin/lanes.js'), '');
    expect(lanesCommand(root, storeBin(), 'CLAUDE_PROJECT_DIR')).toBe(
      'lanes_js="$CLAUDE_PROJECT_DIR/node_modules/@lanes/cli/bin/lanes.js"; ' +
        '[ -f "$lanes_js" ] || lanes_js="$(git -C "$CLAUDE_PROJECT_DIR" rev-parse --path-format=absolute --git-common-dir)/../node_modules/@lanes/cli/bin/lanes.js"; ' +
        'node "$lanes_js"',
    );
    // Without a project variable: from the repository's top, the same in every clone.
    expect(lanesCommand(root, storeBin())).toBe('node node_modules/@lanes/cli/bin/lanes.js');
    expect(projectRelativeBin(root, storeBin())).toBe('node_modules/@lanes/cli/bin/lanes.js');
  });

  it('falls back to the lanes that ran when the project has none installed', () => {
    expect(lanesCommand(root, '/opt/lanes/bin/lanes.js', 'CLAUDE_PROJECT_DIR')).toBe(
      "node '/opt/lanes/bin/lanes.js'",
    );
    expect(lanesCommand(root, '/opt/lanes/bin/lanes.js')).toBe("node '/opt/lanes/bin/lanes.js'");
    expect(projectRelativeBin(root, '/opt/lanes/bin/lanes.js')).toBeUndefined();
  });

  it('gives the MCP server the project’s package too, else the lanes that ran', async () => {
    expect(projectLanesBin(root, storeBin())).toBe(storeBin());
    await mkdir(join(root, 'node_modules/@lanes/cli/bin'), { recursive: true });
    await writeFile(join(root, 'node_modules/@lanes/cli/bin/lanes.js'), '');
    expect(projectLanesBin(root, storeBin())).toBe(
      join(root, 'node_modules/@lanes/cli/bin/lanes.js'),
    );
  });
});
