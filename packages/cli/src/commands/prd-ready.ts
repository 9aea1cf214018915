import { LanesError } from '@lanes/core';
import type { Command } from '../command.js';

// PLACEHOLDER: replaced by the helper that implements `lanes prd ready`.
export const prdReadyCommand: Command = {
  name: 'prd ready',
  summary: 'promote a draft PRD to ready',
  usage: 'prd ready <prd>',
  options: {},
  maxPositionals: 2,
  run() {
    return Promise.reject(new LanesError('E_INTERNAL', 'lanes prd ready is not built yet'));
  },
};
