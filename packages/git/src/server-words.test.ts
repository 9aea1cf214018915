import { describe, expect, it } from 'vitest';
import { reasonText, serverWords } from './server-words.js';

// stderr of real git 2.39 runs (ssh through a GIT_SSH_COMMAND, a bare remote with a
// pre-receive hook, https against unreachable or authenticating servers).
const SAMPLES = {
  sshPublickey: `git@git.example.com: Permission denied (publickey).
fatal: Could not read from remote repository.

Please make sure you have the correct access rights
and the repository exists.
`,
  sshBanner: `Connection timed out during banner exchange
Connection to 203.0.113.5 port 22 timed out
fatal: Could not read from remote repository.

Please make sure you have the correct access rights
and the repository exists.
`,
  sshNoHost: `ssh: Could not resolve hostname nohost.invalid: Name or service not known
fatal: Could not read from remote repository.

Please make sure you have the correct access rights
and the repository exists.
`,
  preReceive: `remote: GitLab: You are not allowed to push code to protected branches on this project.        
remote: not allowed to push to protected branch main        
error: failed to push some refs to '/tmp/fx/r.git'
`,
  httpNoCredentials: `fatal: could not read Username for 'http://127.0.0.1:8080': terminal prompts disabled
`,
  httpBadCredentials: `remote: HTTP Basic: Access denied
fatal: Authentication failed for 'https://gitlab.example.com/team/repo.git/'
`,
  http403: `remote: Permission to team/repo.git denied to someone.
fatal: unable to access 'https://github.com/team/repo.git/': The requested URL returned error: 403
`,
  httpNoHost: `fatal: unable to access 'https://nohost.invalid/r.git/': Could not resolve host: nohost.invalid
`,
  gitolite: `remote: FATAL: W refs/lanes/heartbeats/developer-a1b2c3 repo alice DENIED by fallthru        
remote: error: hook declined to update refs/lanes/heartbeats/developer-a1b2c3        
error: failed to push some refs to 'git@host:repo'
`,
  notARepository: `fatal: '/tmp/x/no-such-remote.git' does not appear to be a git repository
fatal: Could not read from remote repository.

Please make sure you have the correct access rights
and the repository exists.
`,
};

describe('serverWords', () => {
  it('keeps ssh’s own line and calls a refused key authentication', () => {
    const words = serverWords(SAMPLES.sshPublickey);
    expect(words.kind).toBe('auth');
    expect(words.lines).toEqual(['git@git.example.com: Permission denied (publickey).']);
    // git's "could not read from remote repository" says nothing: it is left out.
    expect(reasonText(words)).toBe('git@git.example.com: Permission denied (publickey).');
  });

  it('calls a banner timeout and an unknown host unreachable, in ssh’s words', () => {
    const banner = serverWords(SAMPLES.sshBanner);
    expect(banner.kind).toBe('unreachable');
    expect(reasonText(banner)).toBe(
      'Connection timed out during banner exchange; Connection to 203.0.113.5 port 22 timed out',
    );
    const noHost = serverWords(SAMPLES.sshNoHost);
    expect(noHost.kind).toBe('unreachable');
    expect(noHost.lines).toEqual([
      'ssh: Could not resolve hostname nohost.invalid: Name or service not known',
    ]);
    expect(serverWords(SAMPLES.httpNoHost).kind).toBe('unreachable');
    expect(reasonText(serverWords(SAMPLES.httpNoHost))).toContain('Could not resolve host');
  });

  it('carries a hook’s message without git’s padding, and calls it a refusal', () => {
    const words = serverWords(SAMPLES.preReceive);
    expect(words.kind).toBe('refused');
    expect(words.lines).toEqual([
      'GitLab: You are not allowed to push code to protected branches on this project.',
      'not allowed to push to protected branch main',
    ]);
    expect(words.gitLines).toEqual([]);
    const gitolite = serverWords(SAMPLES.gitolite);
    expect(gitolite.kind).toBe('refused');
    expect(gitolite.lines[0]).toMatch(/DENIED by fallthru$/);
  });

  it('tells HTTP without or with wrong credentials (auth) from a 403 (refused)', () => {
    expect(serverWords(SAMPLES.httpNoCredentials).kind).toBe('auth');
    expect(reasonText(serverWords(SAMPLES.httpNoCredentials))).toMatch(
      /could not read Username .* terminal prompts disabled/,
    );
    const bad = serverWords(SAMPLES.httpBadCredentials);
    expect(bad.kind).toBe('auth');
    expect(reasonText(bad)).toBe(
      "HTTP Basic: Access denied; fatal: Authentication failed for 'https://gitlab.example.com/team/repo.git/'",
    );
    const forbidden = serverWords(SAMPLES.http403);
    expect(forbidden.kind).toBe('refused');
    expect(forbidden.lines).toEqual(['Permission to team/repo.git denied to someone.']);
  });

  it('keeps git’s own line when nobody else spoke', () => {
    const words = serverWords(SAMPLES.notARepository);
    expect(words.kind).toBe('other');
    expect(words.lines).toEqual([]);
    expect(reasonText(words)).toBe(
      "fatal: '/tmp/x/no-such-remote.git' does not appear to be a git repository",
    );
    expect(reasonText(serverWords(''))).toBe('no output from git');
  });
});
