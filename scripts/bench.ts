// `pnpm bench`: the store and hook benchmarks in one run, printed as one Markdown
// table. `--quick` for a short run; `--write` also stores the table, with the machine
// it came from, in docs/benchmarks.md.
import { writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { execFileSync } from 'node:child_process';
import { markdownTable, type BenchRow } from '../packages/test-utils/src/index.js';
import { runStoreBench } from '../packages/git/bench/index.js';
import { runHookBench } from '../packages/hooks/bench/index.js';

const quick = process.argv.includes('--quick');
const write = process.argv.includes('--write');
const log = (line: string) => process.stderr.write(`${line}\n`);

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
  const machine = `${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${git}, ${process.platform}`;
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
  ].join('\n');
  await writeFile(new URL('../docs/benchmarks.md', import.meta.url), doc);
  log('wrote docs/benchmarks.md');
}
