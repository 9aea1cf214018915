export * from './types.js';
export * from './errors.js';
export * from './validate/index.js';
export * from './rules/index.js';
