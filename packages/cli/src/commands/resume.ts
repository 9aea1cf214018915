import { LanesError } from '@lanes/core';
import type { Command } from '../command.js';

// PLACEHOLDER: replaced by the helper that implements `lanes resume`.
export const resumeCommand: Command = {
  name: 'resume',
  summary: 'take over the claim of a stale session',
  usage: 'resume <prd> [--worktree [<path>]] [--force]',
  options: {},
  maxPositionals: 2,
  run() {
    return Promise.reject(new LanesError('E_INTERNAL', 'lanes resume is not built yet'));
  },
};
