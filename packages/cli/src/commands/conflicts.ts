import { LanesError } from '@lanes/core';
import type { Command } from '../command.js';

// PLACEHOLDER: replaced by the helper that implements `lanes conflicts`.
export const conflictsCommand: Command = {
  name: 'conflicts',
  summary: 'risk between PRDs',
  usage: 'conflicts [<prd>] [--write]',
  options: {},
  maxPositionals: 2,
  run() {
    return Promise.reject(new LanesError('E_INTERNAL', 'lanes conflicts is not built yet'));
  },
};
