// `pnpm bench`: the store, hook and merge-queue benchmarks in one run, printed as one
// Markdown table. `--quick` for a short run; `--only store|hooks|queue` runs one of
// them; `--write` also stores the table, with the machine it came from, in
// docs/benchmarks.md.
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { execFileSync } from 'node:child_process';
import { markdownTable, type BenchRow } from '../packages/test-utils/src/index.js';
import { runStoreBench } from '../packages/git/bench/index.js';
import { runHookBench } from '../packages/hooks/bench/index.js';
import { runQueueBench } from '../packages/cli/bench/queue-throughput.js';

const NOTES = `## Reading the numbers

- **Contention.** Each writer is a clone of its own (a separate machine: only the
  remote's lease orders them), against a remote whose fetches wait 80 ms and pushes
  250 ms, as a hosted remote's round trips do. A write fetches the tip, applies its
  change, commits by plumbing and pushes with a lease; a writer that lost the race backs
  off (full jitter, capped by how long its attempts take) and tries again on the new
  tip. "ref updates/tx" counts the remote's logged updates of the coordination branch
  per landed write (1.00: nothing but the write itself). The one-machine row puts all
  writers behind one local lock, which orders them before the remote sees them.
- **Heartbeat** costs node's start plus a few short git processes, against the raw
  floor of a bash fetch/commit-tree/push. It does not grow with the repository, unlike
  the seed's stash/checkout/pull heartbeat, and it never touches the worktree, index or
  branch.
- **Hooks.** A commit in a worktree without a claim, or within the heartbeat interval,
  is decided in \`sh\` without starting node. Only a due ping (once per interval) starts
  node, loading the CLI as one bundled file, and the ping itself runs detached.
  Pre-push compares the session's branch with 50 others in four git processes.
- **Merge queue.** Six releases wait at once, each a real \`lanes release\` from its
  own clone, behind a quality check that sleeps a fixed time; the wall time runs from
  all six queued to all six returned. With \`batchSize: 4\` the slot holder tests four
  PRDs with one check and lands them in one push; the baseline lands one per check.
  What is left beside the checks is the rebases, the pushes and the waiting sessions'
  polling (up to 5 s between looks).
`;

const quick = process.argv.includes('--quick');
const write = process.argv.includes('--write');
const log = (line: string) => process.stderr.write(`${line}\n`);

const onlyAt = process.argv.indexOf('--only');
const only = onlyAt === -1 ? undefined : process.argv[onlyAt + 1];
const wanted = (group: string) => only === undefined || only === group;
if (write && only !== undefined) {
  log('--write stores the whole table: run it without --only');
  process.exit(2);
}

// The figures depend on what else the machine runs: the table says how loaded it was.
const loadAtStart = loadavg()[0] ?? 0;
const rows: BenchRow[] = [];
if (wanted('store')) {
  log('store benchmarks…');
  rows.push(...(await runStoreBench({ quick, log })));
}
if (wanted('hooks')) {
  log('hook benchmarks…');
  rows.push(...(await runHookBench({ quick, log })));
}
if (wanted('queue')) {
  log('merge queue benchmark…');
  rows.push(...(await runQueueBench({ quick, log })));
}

const table = markdownTable(rows);
process.stdout.write(`${table}\n`);

if (write) {
  const git = execFileSync('git', ['--version'], { encoding: 'utf8' }).trim();
  const cpu = cpus()[0]?.model ?? 'unknown cpu';
  const load = `load average ${loadAtStart.toFixed(1)} at the start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end`;
  const machine = `${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${git}, ${process.platform}; ${load}`;
  const doc = [
    '# Benchmarks',
    '',
    'Produced by `pnpm bench` (`pnpm bench -- --write` rewrites this file). Every figure is',
    'a median with min–max, beside its baseline measured in the same run on the same',
    'machine; the ratio is median / baseline median.',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)}${quick ? ' (quick run)' : ''} on: ${machine}.`,
    '',
    table,
    '',
    NOTES,
  ].join('\n');
  await writeFile(new URL('../docs/benchmarks.md', import.meta.url), doc);
  log('wrote docs/benchmarks.md');
}
