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
// What --help cannot say: the JSON a command answers and how it decides.
const NOTES: Record<string, string> = {
  claim: `Without a \`<prd>\`, claim takes among the available PRDs (ready, unclaimed, every
\`dependsOn\` completed) the one with the lowest conflict risk against active work, then
the highest \`priority\`, then the first in the registry; a PRD whose risk is high is never
picked for you (name it and pass \`--force\`). Each claim makes a new session id, even for a
PRD this clone held before. \`--json\`: \`{sessionId, prdId, branch, worktree, risk, warnings}\`;
each warning is \`{prdId, risk, message, files, findings}\`, \`files\` being the paths both PRDs
touch (the text output names them too). A completed PRD is refused with \`E_PRD_COMPLETED\`,
an unknown one with \`E_UNKNOWN_PRD\`; both list \`available\`. The session is recorded before
the claim is pushed (this worktree's session, or for \`--worktree\` a pending start here), so a
claim killed or interrupted after its push is finished by running the same command again (a
note says so). Ctrl-C stops the git it runs and exits 130. One \`claim\`/\`resume\` at a time
per worktree: a second one meanwhile gets \`E_SESSION_BUSY\` before the remote is touched.
`,
  resume: `Like \`claim\`, a resume killed or interrupted after its push is finished by running it again.
`,
  abandon: `An abandon killed after its transaction is finished by running it again: this worktree leaves
the branch, its claim record goes, the branch and the heartbeat ref are deleted on the remote,
and a note says \`finished the interrupted abandon\` (\`commit\` is \`null\`).
`,
  gc: `Deletes the heartbeat refs (\`refs/lanes/heartbeats/<session>\`) of sessions that hold no lock:
released, abandoned or taken over ones that a killed command left behind. Each deletion is
leased on the ping read, so a session that pinged meanwhile keeps its ref. \`--json\`:
\`{removed, kept}\`. Nothing to do when the remote refuses heartbeat refs.
`,
  release: `\`--json\`: \`{status: "completed", prdId, mergeCommit, archivedTo, strategy, checks,
fixRuns, flaky, recovered, landedBy, batch, branchDeleted, worktreeBranch, …}\`. When several
releases wait, the one taking the merge slot tests up to \`mergeQueue.batchSize\` of them with one
setup and check and lands them in one push (configuration.md, "Batches"): \`landedBy\` is the
session that ran the check, \`batch\` the PRDs that landed together. A PRD the batch took out
answers \`E_QUALITY_CHECK\` or \`E_QUALITY_SETUP\` (with \`output\`) or \`E_MERGE_CONFLICT\`
(with \`files\`), whoever ran the check. \`--priority high\` (or a \`critical\` PRD) queues it ahead of
the normal releases; \`lanes status\` lists the queue in order.
`,
  'prd add': `\`--json\`: \`{prdId, title, status, file, priority, dependsOn, touches, stories,
conflictsWith, commit, removedCopy}\`. The PRD is written to the coordination branch at \`file\`
(\`docs/drafts/<id>.json\`, or \`docs/prds/<id>.json\` with \`--ready\`). When the file you gave is an
untracked file at that very path, it is removed (\`removedCopy\` names it; the branch has it now, and
on the coordination branch your checkout is fast-forwarded to it): left there, it would make git
refuse the next checkout of a branch that has the file. A file anywhere else is left alone
(\`removedCopy: null\`).
`,
  status: `\`--json\`: \`{source, offline, sessions, available, waiting, mergeQueue, drafts, completed,
abandoned, warnings, interrupted}\`. Each \`mergeQueue\` entry is \`{position, sessionId, prdId, branch,
status, queuedAt, priority, mergedBy, stale, stage, stageStartedAt}\` (\`mergedBy\`: the slot holder whose
batch it is merging in). For the release holding the merge slot (\`status: "merging"\`), \`stage\` is what it is doing (\`rebasing\`, \`setup\`, \`check 2/3\`, \`fix 1\`,
\`landing\`) and \`stageStartedAt\` when that began (ISO 8601), read from its heartbeat ref; the text
shows \`merging now · check 2/3 for 1m 20s\`. Both are \`null\` while queued, and always where the
remote refuses heartbeat refs (the release then says its stage only on its own stderr).
`,
  show: `Reads the PRD from the coordination branch, so the worktree needs no copy of it. Without
\`<prd>\` it shows the PRD this session holds (\`E_NO_SESSION\` when there is none).
\`--json\`: \`{prdId, title, status, file, branch, description, sessionId, holder, currentStory,
completedStories, stories, nextStory}\`; \`holder\` is \`null\` or \`{sessionId, status, lastSeen,
stale}\`; each story is \`{id, title, priority, completed, current, acceptanceCriteria}\`;
\`nextStory\` is the current story if open, else the first open one, else \`null\`. Refusals:
\`E_UNKNOWN_PRD\` (\`prdId\`, \`similar\`, \`available\`), \`E_PRD_COMPLETED\` (\`prdId\`, \`completedAt\`,
\`archivedTo\`, \`available\`), \`E_NOTHING_AVAILABLE\` for an abandoned PRD (\`status\`).
`,
};

const sections = commands.map((command) => {
  const note = NOTES[command];
  return `## lanes ${command}\n\n\`\`\`text\n${commandHelp(help(...command.split(' ')))}\n\`\`\`\n${note === undefined ? '' : `\n${note}`}`;
});
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

## Error documents

A failure under \`--json\` is \`{"error": {code, message, hint?, …}}\`. A code's extra fields
sit directly on \`error\`, beside \`code\`, never under a \`details\` object (the per-code
types are \`ErrorFields\` in \`@lanes/core\`):

| code | exit | extra fields |
| --- | --- | --- |
| \`E_UNKNOWN_PRD\` | 3 | \`prdId\`, \`similar\`, \`available\` (the ready PRDs to pick from) |
| \`E_PRD_COMPLETED\` | 3 | \`prdId\`, \`status: "completed"\`, \`completedAt\`, \`archivedTo\`, \`available\` |
| \`E_NOTHING_AVAILABLE\` | 3 | \`available\` (empty), \`claimed\`, \`waiting\`, \`drafts\`, \`highRisk\`; or \`prdId\`, \`status\` (\`draft\`, \`abandoned\`) |
| \`E_ALREADY_CLAIMED\` | 3 | \`prdId\`, \`holder\`, \`stale\`, \`lastSeen\` |
| \`E_DEPENDENCIES_UNMET\` | 3 | \`prdId\`, \`missing\` |
| \`E_CONFLICT_RISK\` | 3 | \`prdId\`, \`against\`, \`findings\` |
| \`E_SESSION_BUSY\` | 3 | \`sessionId\`, \`prdId\` (\`prdId\` null when another \`claim\`/\`resume\` is under way in the worktree) |
| \`E_NOT_OWNER\`, \`E_NOT_STALE\` | 3 | \`prdId\`, \`holder\`, \`lastSeen\` |
| \`E_NOT_ENABLED\` | 3 | \`remote\` when the clone has no remote and no \`lanes init\` |
| \`E_LOCAL_STATE\` | 3 | \`reason\`, \`paths\` |
| \`E_INVALID_STATE\` | 4 | \`problems\` (validation diagnostics: \`file\`, \`pointer\`, \`code\`, \`message\`) |
| \`E_MERGE_CONFLICT\` | 1 | \`prdId\`, \`branch\`, \`files\`, \`next\` |
| \`E_REMOTE\`, \`E_GIT\` | 1 | \`remote\`, \`exitCode\`, \`stderr\` (git's own words) |

${sections.join('\n')}`;

await writeFile(new URL('../docs/cli.md', import.meta.url), doc);
process.stderr.write(`wrote docs/cli.md (${commands.length} commands)\n`);
