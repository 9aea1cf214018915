import { LanesError } from '@lanes/core';
import type { Command } from '../command.js';

// PLACEHOLDER: replaced by the helper that implements `lanes unblock`.
export const unblockCommand: Command = {
  name: 'unblock',
  summary: 'set a blocked lock back to in_progress',
  usage: 'unblock [<prd>]',
  options: {},
  maxPositionals: 2,
  run() {
    return Promise.reject(new LanesError('E_INTERNAL', 'lanes unblock is not built yet'));
  },
};
