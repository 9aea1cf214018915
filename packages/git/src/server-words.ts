/**
 * What a failed fetch or push says about why, from git's stderr: the lines the server
 * or the transport (ssh, an `ext::` helper, HTTP) wrote themselves, and which of three
 * things went wrong, for a hint that fits. Pure: stderr in, words out.
 */
export type RemoteFailureKind =
  /** No or wrong credentials: ssh key, password, token. */
  | 'auth'
  /** The server answered and said no: a hook, a protected ref, a permission. */
  | 'refused'
  /** Nothing answered: name resolution, connection, timeout. */
  | 'unreachable'
  /** None of these is recognisable. */
  | 'other';

export interface ServerWords {
  kind: RemoteFailureKind;
  /** The server's and transport's own lines, `remote: ` taken off; may be empty. */
  lines: string[];
  /** git's own fatal/error lines, its generic advice left out. */
  gitLines: string[];
}

const AUTH =
  /Permission denied \((publickey|password|keyboard-interactive|gssapi)|Permission denied, please try again|Too many authentication failures|Host key verification failed|Authentication failed|could not read (Username|Password)|returned error: 401|HTTP Basic: Access denied|Invalid username or password|Invalid credentials|No anonymous write access/i;
const REFUSED =
  /\[remote rejected\]|hook declined|returned error: 403|DENIED by|access denied|Permission to \S+ denied|not allowed to push|protected branch|deny(Current|Deletes|NonFastForwards)|refusing to (update|delete)|You are not allowed/i;
const UNREACHABLE =
  /Could not resolve host|Name or service not known|nodename nor servname|Temporary failure in name resolution|Connection refused|Connection timed out|timed out during banner exchange|Operation timed out|No route to host|Network is unreachable|Connection reset|Connection closed by|kex_exchange_identification|Failed to connect to|Couldn't connect to server|early EOF|The remote end hung up unexpectedly|unable to connect to|SSL certificate problem|gnutls_handshake|SSL_connect/i;

// git's boilerplate after a transport failure: true of every failure, says nothing.
const ADVICE =
  /^(Please make sure you have the correct access rights|and the repository exists\.?|Done|To \S+)$/;
const GENERIC =
  /^(fatal: (Could not read from remote repository\.?|the remote end hung up unexpectedly)|error: failed to push some refs to .*)$/i;
// Progress the server prints while it works, not a reason.
const PROGRESS = /^(Enumerating|Counting|Compressing|Total|Resolving|Writing|Delta) /;
const PORCELAIN = /^([ +\-*!=]\t| ! \[|\s*[0-9a-f]+\.\.[0-9a-f]+ )/;

export function serverWords(stderr: string): ServerWords {
  const lines: string[] = [];
  const gitLines: string[] = [];
  for (const raw of stderr.split('\n')) {
    // The server's lines come padded with spaces (git's way of clearing a progress line).
    const line = raw.trim();
    if (line === '' || /^(hint|warning):/i.test(line) || ADVICE.test(line)) continue;
    if (PORCELAIN.test(raw)) continue;
    const remote = /^remote:\s*(.*)$/i.exec(line);
    if (remote) {
      const said = remote[1]!.trim();
      if (said !== '' && !PROGRESS.test(said)) lines.push(said);
    } else if (/^(fatal|error):/i.test(line)) {
      if (!GENERIC.test(line)) gitLines.push(line);
    } else {
      // Neither git nor the server: the transport speaking (ssh's own line).
      lines.push(line);
    }
  }
  return { kind: kindOf(stderr), lines: unique(lines), gitLines: unique(gitLines) };
}

/** The words a message should carry: the server's first, else git's, else a placeholder. */
export function reasonText(words: ServerWords, limit = 4): string {
  const chosen = [...words.lines, ...words.gitLines].slice(0, limit);
  return chosen.join('; ') || 'no output from git';
}

function kindOf(stderr: string): RemoteFailureKind {
  if (AUTH.test(stderr)) return 'auth';
  if (REFUSED.test(stderr)) return 'refused';
  if (UNREACHABLE.test(stderr)) return 'unreachable';
  return 'other';
}

const unique = (lines: string[]) => [...new Set(lines)];
