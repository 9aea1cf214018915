export * from './html.js';
export * from './layout.js';
export * from './model.js';
export * from './read-report.js';
export * from './server.js';
export * from './terminal.js';
export * from './watch.js';
