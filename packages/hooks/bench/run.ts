// The hook benchmark alone, after a build: node --conditions=@lanes/source --import tsx packages/hooks/bench/run.ts [--quick]
import { markdownTable } from '@lanes/test-utils';
import { runHookBench } from './index.js';

const rows = await runHookBench({
  quick: process.argv.includes('--quick'),
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`${markdownTable(rows)}\n`);
