// `pnpm bench`: the store and hook benchmarks in one run, printed as one Markdown
// table. `--quick` for a short run; `--write` also stores the table, with the machine
// it came from, in docs/benchmarks.md.
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { execFileSync } from 'node:child_process';
import { markdownTable, type BenchRow } from '../packages/test-utils/src/index.js';
import { runStoreBench } from '../packages/git/bench/index.js';
import { runHookBench } from '../packages/hooks/bench/index.js';

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
`;

const quick = process.argv.includes('--quick');
const write = process.argv.includes('--write');
const log = (line: string) => process.stderr.write(`${line}\n`);

// The figures depend on what else the machine runs: the table says how loaded it was.
const loadAtStart = loadavg()[0] ?? 0;
const rows: BenchRow[] = [];
log('store benchmarks…');
rows.push(...(await runStoreBench({ quick, log })));
log('hook benchmarks…');
rows.push(...(await runHookBench({ quick, log })));

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
