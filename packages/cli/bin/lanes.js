#!/usr/bin/env node
// One bundled file (scripts/bundle.mjs): node starts it far faster than the modules.
import { main } from '../dist/lanes.mjs';

process.exitCode = await main(process.argv.slice(2));
