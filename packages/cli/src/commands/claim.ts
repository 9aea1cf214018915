import { LanesError } from '@lanes/core';
import type { Command } from '../command.js';

// PLACEHOLDER: replaced by the helper that implements `lanes claim`.
export const claimCommand: Command = {
  name: 'claim',
  summary: 'claim a PRD and start its branch',
  usage: 'claim [<prd>] [--worktree [<path>]] [--force]',
  options: {},
  maxPositionals: 2,
  run() {
    return Promise.reject(new LanesError('E_INTERNAL', 'lanes claim is not built yet'));
  },
};
