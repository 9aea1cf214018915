// `@lanes/core/testing`: builders of in-memory coordination states for tests, here and
// in other packages. Not part of the public API (the main entry does not export them).
export * from './rules/test-builders.js';
