import type { Diagnostic } from '@lanes/core';
import type { RemoteFailureKind } from './server-words.js';

// Every user-facing string of the git package, in one place.

const firstLines = (text: string, count = 3) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('hint:'))
    .slice(0, count)
    .join('; ');

/** git's summary of a refusal, then what the server itself said (a hook's message). */
const withServerWords = (reason: string, said: readonly string[]) =>
  said.length === 0 ? reason : `${said.slice(0, 4).join('; ')} ${reason}`;

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

interface Where {
  remote: string;
  branch: string;
}

export const messages = {
  gitFailed: (args: readonly string[], exitCode: number, stderr: string) =>
    `git ${args[0] ?? ''} failed (exit ${exitCode})${stderr.trim() ? `: ${firstLines(stderr)}` : ''}`,
  gitNotRunnable: (args: readonly string[], error: NodeJS.ErrnoException) =>
    error.code === 'ENOENT'
      ? 'cannot run git: not found (is git installed and on PATH?)'
      : `cannot run git ${args[0] ?? ''}: ${error.message}`,

  notARepository: (cwd: string, stderr: string) =>
    `${cwd} is not inside a git working tree${stderr.trim() ? ` (${firstLines(stderr, 1)})` : ''}`,
  notARepositoryHint: 'run lanes inside a clone of the project, or pass -C <dir>',

  unexpectedCatFile: (name: string, header: string) =>
    `unexpected answer from git cat-file for ${name}: ${header}`,
  catFileFailed: (detail: string) => `git cat-file stopped: ${detail}`,
  badObjectName: (name: string) => `not an object name: ${JSON.stringify(name)}`,
  readerClosed: 'object reader used after close',
  notATree: (sha: string) => `${sha} is not a tree`,

  documentTooLarge: (path: string, bytes: number, limit: number) =>
    `${path} is ${mib(bytes)}, more than the ${mib(limit)} a lanes document may be`,
  documentTooLargeHint: (path: string) =>
    `shorten ${path} with a commit to the coordination branch (move long text out of it)`,

  unknownRef: (ref: string) => `unknown ref '${ref}': it names no commit in this repository`,
  unknownRefHint: 'fetch it first, or pass a branch, tag or commit sha that exists here',

  badWritePath: (path: string, reason: string) => `cannot write ${JSON.stringify(path)}: ${reason}`,
  duplicateWrite: (path: string) => `the same change writes ${path} twice`,
  fileFolderClash: (path: string) =>
    `cannot write ${path}: a file and a folder would share that path`,

  badBranch: (branch: string) => `'${branch}' is not a valid branch name`,
  badRemote: (remote: string) => `'${remote}' is not a valid remote`,

  timedOut: (ms: number) => `no answer within ${Math.round(ms / 1000)} s`,
  interrupted: 'stopped: lanes was interrupted',
  remoteUnreachable: (remote: string, action: 'fetch' | 'push', detail: string) =>
    `cannot ${action} ${action === 'fetch' ? 'from' : 'to'} remote '${remote}': ${detail}`,
  remoteHint: (remote: string, kind: RemoteFailureKind = 'other') => {
    const offline = 'commands that only read accept --offline to use the last fetched state';
    switch (kind) {
      case 'auth':
        return `the server did not accept your credentials: check that 'git ls-remote ${remote}' works for you (ssh: your key is loaded, 'ssh-add -l', and authorised on the server; https: your credential helper or token); ${offline}`;
      case 'refused':
        return `the server answered and refused, for the reason it gave above: ask its administrator for access, or use a branch or ref it allows`;
      case 'unreachable':
        return `nothing answered: check the network (VPN, proxy, the host's name) and 'git remote get-url ${remote}'; ${offline}`;
      default:
        return `check the network and 'git remote get-url ${remote}'; ${offline}`;
    }
  },

  halfMadeWorktree: (admin: string) =>
    `a worktree of this clone is half made: ${admin}/HEAD is still git's placeholder, so git cannot check what it fetches`,
  halfMadeWorktreeHint: (admin: string) =>
    `if no 'git worktree add' is running (one was killed half way), remove it: 'git worktree remove --force <its path>' (${admin}/gitdir names it) or 'rm -rf ${admin}'; then run the command again`,

  pushRefused: (where: Where, reason: string, said: readonly string[] = []) =>
    `remote '${where.remote}' refused the update of ${where.branch}: ${withServerWords(reason, said)}`,
  pushRefusedHint:
    'the server gave the reason above; if the branch is protected, set agents.coordination.branch to a branch of its own (e.g. lanes/state)',
  refRefused: (remote: string, ref: string, reason: string, said: readonly string[] = []) =>
    `remote '${remote}' refused the update of ${ref}: ${withServerWords(reason, said)}`,
  pushExhausted: (where: Where, attempts: number, seconds: string) =>
    `could not update ${where.remote}/${where.branch}: other writers got there first on each of ${attempts} attempts (${seconds} s)`,
  localTurnExhausted: (where: Where, seconds: string) =>
    `could not update ${where.remote}/${where.branch} within ${seconds} s: other lanes processes on this machine held the turn all along`,
  pushExhaustedHint: 'nothing was changed; try again in a moment',

  invalidResult: (message: string, problems: readonly Diagnostic[]) =>
    `refusing to write an invalid state (${message.split('\n')[0]}): ${problems
      .slice(0, 3)
      .map(
        (problem) =>
          `${problem.file}${problem.pointer ? ` ${problem.pointer}` : ''}: ${problem.message}`,
      )
      .join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}`,
  invalidResultHint:
    "nothing was pushed; run 'lanes validate' to see whether the state on the remote is already broken",

  heartbeatRefsRefused: (remote: string, reason: string) =>
    `note: remote '${remote}' refuses heartbeat refs${reason ? ` (${reason})` : ''}: pings go to the lock's heartbeat on the coordination branch instead; lanes tries the refs again after a day`,
  heartbeatRefsHidden: (remote: string) =>
    `note: remote '${remote}' takes heartbeat refs but does not show them to readers (uploadpack.hideRefs or transfer.hideRefs on refs/lanes?): pings go to the lock's heartbeat on the coordination branch instead; lanes tries the refs again after a day`,
  heartbeatRefsBack: (remote: string) =>
    `note: remote '${remote}' takes heartbeat refs again: pings go to refs/lanes/heartbeats/ once more`,
  heartbeatRace: (remote: string, ref: string, attempts: number) =>
    `could not update ${ref} on remote '${remote}': another push of it got there first on each of ${attempts} attempts`,

  lockDirForeign: (owner: number) => `it belongs to another user (uid ${owner})`,
  lockDirUnusable: (failures: readonly { path: string; reason: string }[]) =>
    `cannot keep the local write lock in ${failures
      .map((failure) => `${failure.path} (${failure.reason})`)
      .join(', nor in ')}`,
  lockDirUnusableHint: (paths: readonly string[]) =>
    `make ${paths.join(' or ')} a directory you own and can write (it only holds lock files: removing it is safe when no lanes command runs), or set XDG_CACHE_HOME to a writable folder`,

  badSessionId: (id: string) => `'${id}' is not a session id`,
  badSessionEnv: (id: string) => `LANES_SESSION: '${id}' is not a session id`,
  sessionIdHint: 'a session id looks like developer-a1b2c3 (letters, a dash, 6 hex digits)',
  badSessionPrefix: (prefix: string) =>
    `'${prefix}' cannot start a session id: use lowercase letters and digits, starting with a letter`,
  badSessionFile: (file: string, content: string) =>
    `${file} holds '${content}', which is not a session id`,
  badSessionFileHint: (file: string) => `delete ${file} and lanes will record a new session`,
  badClaimRecord: (file: string, field: string) =>
    `${file} is not a claim record: field '${field}' is missing or not a string`,
  badClaimRecordHint: (file: string) =>
    `delete ${file} if this worktree no longer holds a claim; 'lanes status' shows the claims on the remote`,
};
