// The JSON results of CLI.md, in one module: commands return them and renderers draw
// them, and both import from here, never from each other.

export type { MergeQueueJson, SessionJson, StatusReport } from '@lanes/core';
