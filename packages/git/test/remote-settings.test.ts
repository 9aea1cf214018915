import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, sandboxEnv, type Sandbox } from '@lanes/test-utils';
import { FAIL_FAST_SSH, remoteSettings } from '../src/remote-settings.js';
import { openRepository } from '../src/repository.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox({ clones: 1 });
});
afterAll(() => sandbox.cleanup());

describe('remoteSettings', () => {
  it('fails fast over ssh unless the port’s environment brings its own ssh command', async () => {
    const plain = await openRepository(sandbox.clones[0]!, { env: sandboxEnv() });
    expect((await remoteSettings(plain, 'origin')).env).toEqual({
      GIT_SSH_COMMAND: FAIL_FAST_SSH,
    });
    // The port's environment decides, not this process's (which has no GIT_SSH_COMMAND).
    const own = await openRepository(sandbox.clones[0]!, {
      env: sandboxEnv({ GIT_SSH_COMMAND: 'ssh -i key' }),
    });
    expect((await remoteSettings(own, 'origin')).env).toEqual({});
  });

  it('resolves a local remote to an absolute url, for pushes too', async () => {
    const repo = await openRepository(sandbox.clones[0]!, { env: sandboxEnv() });
    const settings = await remoteSettings(repo, 'origin');
    expect(settings.url).toBe(sandbox.remote);
    expect(settings.pushUrl).toBe(sandbox.remote);
  });
});
