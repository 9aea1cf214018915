export * from './sandbox.js';
export * from './workers.js';
export * from './lanes-cli.js';
export * from './bench.js';
export * from './seed.js';
export * from './heartbeat-memory.js';
