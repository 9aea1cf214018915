import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '@lanes/test-utils';
import { readWorktreeConfig, resolveCoordinates } from '../../src/index.js';
import { openClone, seededSandbox } from '../helpers.js';

// Which branch a clone coordinates on when nothing it has says so: the clone's own refs
// answer first, and only a clone that knows neither layout asks the remote.

const resolve = async (dir: string) => {
  const repo = await openClone(dir);
  return resolveCoordinates(repo, await readWorktreeConfig(repo.root), { ask: true });
};

describe('resolveCoordinates without a recorded branch', () => {
  let seeded: Sandbox;
  let plain: Sandbox;

  beforeAll(async () => {
    // A repository coordinated on main (the seed's layout), and one with no lanes state.
    [seeded, plain] = await Promise.all([seededSandbox(1), createSandbox({ clones: 1 })]);
    // The seed's own project.json names no coordination branch: only main's documents say.
    const project = join(seeded.clones[0]!, 'project.json');
    const parsed = JSON.parse(await readFile(project, 'utf8'));
    delete parsed.agents.coordination;
    await writeFile(project, JSON.stringify(parsed));
    // Both remotes gain lanes/state after the clones were made: only asking can see it.
    for (const sandbox of [seeded, plain]) {
      await sandbox.git(sandbox.remote, 'branch', 'lanes/state', 'main');
    }
  });
  afterAll(async () => {
    await Promise.all([seeded?.cleanup(), plain?.cleanup()]);
  });

  it("keeps main, without asking the remote, when the clone's main holds the lanes documents", async () => {
    const found = await resolve(seeded.clones[0]!);
    expect(found).toMatchObject({ remote: 'origin', branch: 'main', source: 'default' });
  });

  it('asks the remote when the clone knows no lanes state, and finds lanes/state', async () => {
    const found = await resolve(plain.clones[0]!);
    expect(found).toMatchObject({
      remote: 'origin',
      branch: 'lanes/state',
      source: 'state-branch',
    });
  });
});
