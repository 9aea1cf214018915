import { LanesError } from '@lanes/core';
import type { Command } from '../command.js';

// PLACEHOLDER: replaced by the helper that implements `lanes abandon`.
export const abandonCommand: Command = {
  name: 'abandon',
  summary: 'archive a PRD as abandoned',
  usage: 'abandon [<prd>] --reason <text> [--keep-branch] [--force]',
  options: {},
  maxPositionals: 2,
  run() {
    return Promise.reject(new LanesError('E_INTERNAL', 'lanes abandon is not built yet'));
  },
};
