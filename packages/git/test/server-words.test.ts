import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isLanesError, type LanesError } from '@lanes/core';
import type { Sandbox } from '@lanes/test-utils';
import { ping, readState, transact } from '../src/index.js';
import { claim, sessionIdFor } from './fixtures/state.js';
import { COORDS, lockDir, openClone, remoteTip, seededSandbox } from './helpers.js';

// Issue 31 item 8: the server's (and ssh's) own words reach the message, and the hint
// tells authentication, a refusal by the server and an unreachable remote apart.

let sandbox: Sandbox | undefined;
let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
  await sandbox?.cleanup();
});

async function failure(work: () => Promise<unknown>): Promise<LanesError> {
  try {
    await work();
  } catch (error) {
    if (isLanesError(error)) return error;
    throw error;
  }
  throw new Error('expected a LanesError');
}

/** A clone whose ssh is a script: real git runs it as it would run ssh. */
async function cloneWithSsh(target: Sandbox, script: string) {
  const clone = target.clones[0]!;
  const ssh = join(target.root, 'fake-ssh.sh');
  await writeFile(ssh, `#!/bin/sh\n${script}\n`);
  await chmod(ssh, 0o755);
  await target.git(clone, 'config', 'core.sshCommand', ssh);
  await target.git(clone, 'remote', 'set-url', 'origin', 'ssh://git@git.example.com/repo.git');
  return openClone(clone);
}

describe('the server’s own words', () => {
  it('a pre-receive hook’s message is in the message of a refused transaction', async () => {
    sandbox = await seededSandbox();
    const hook = join(sandbox.remote, 'hooks', 'pre-receive');
    await writeFile(
      hook,
      '#!/bin/sh\necho "not allowed to push to protected branch main" >&2\nexit 1\n',
    );
    await chmod(hook, 0o755);
    const tip = await remoteTip(sandbox);
    const repo = await openClone(sandbox.clones[0]!);

    const error = await failure(() =>
      transact(repo, COORDS, claim('prd-task-001', sessionIdFor(1)), {
        lockDir: lockDir(sandbox!),
      }),
    );
    expect(error.code).toBe('E_REMOTE');
    expect(error.message).toBe(
      "remote 'origin' refused the update of main: not allowed to push to protected branch main [remote rejected] (pre-receive hook declined)",
    );
    expect(error.details?.serverSaid).toEqual(['not allowed to push to protected branch main']);
    expect(error.hint).toContain('reason above');
    expect(await remoteTip(sandbox)).toBe(tip);
  });

  it('ssh refusing the key: ssh’s line in the message, an authentication hint', async () => {
    sandbox = await seededSandbox();
    const repo = await cloneWithSsh(
      sandbox,
      'echo "git@git.example.com: Permission denied (publickey)." >&2\nexit 255',
    );
    const errors = [
      await failure(() => readState(repo, COORDS)),
      await failure(() => ping(repo, COORDS.remote, sessionIdFor(1))),
    ];
    for (const error of errors) {
      expect(error.code).toBe('E_REMOTE');
      expect(error.message).toMatch(
        /^cannot (fetch from|push to) remote 'origin': git@git\.example\.com: Permission denied \(publickey\)\.$/,
      );
      expect(error.details?.kind).toBe('auth');
      expect(error.hint).toContain('credentials');
      expect(error.hint).toContain('ssh-add -l');
    }
  });

  it('an ssh banner timeout: ssh’s lines and an unreachable hint', async () => {
    sandbox = await seededSandbox();
    const repo = await cloneWithSsh(
      sandbox,
      'echo "Connection timed out during banner exchange" >&2\necho "Connection to 203.0.113.5 port 22 timed out" >&2\nexit 255',
    );
    const error = await failure(() => readState(repo, COORDS));
    expect(error.message).toBe(
      "cannot fetch from remote 'origin': Connection timed out during banner exchange; Connection to 203.0.113.5 port 22 timed out",
    );
    expect(error.details?.kind).toBe('unreachable');
    expect(error.hint).toMatch(/^nothing answered/);
  });

  it('HTTP asking for credentials that are not there: an authentication error, not the network', async () => {
    sandbox = await seededSandbox();
    server = createServer((_request, response) => {
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="lanes test"' });
      response.end('authentication required\n');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const clone = sandbox.clones[0]!;
    await sandbox.git(clone, 'remote', 'set-url', 'origin', `http://127.0.0.1:${port}/repo.git`);
    const repo = await openClone(clone);

    const error = await failure(() => readState(repo, COORDS));
    expect(error.code).toBe('E_REMOTE');
    expect(error.message).toMatch(/could not read Username for 'http:\/\/127\.0\.0\.1:\d+'/);
    expect(error.details?.kind).toBe('auth');
    expect(error.hint).not.toContain('check the network');
  });
});
