// The store benchmark alone: node --conditions=@lanes/source --import tsx packages/git/bench/run.ts [--quick]
import { markdownTable } from '@lanes/test-utils';
import { runStoreBench } from './index.js';

const rows = await runStoreBench({
  quick: process.argv.includes('--quick'),
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`${markdownTable(rows)}\n`);
