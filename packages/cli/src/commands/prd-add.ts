import { LanesError } from '@lanes/core';
import type { Command } from '../command.js';

// PLACEHOLDER: replaced by the helper that implements `lanes prd add`.
export const prdAddCommand: Command = {
  name: 'prd add',
  summary: 'validate and register a PRD file',
  usage: 'prd add <file> [--ready]',
  options: {},
  maxPositionals: 2,
  run() {
    return Promise.reject(new LanesError('E_INTERNAL', 'lanes prd add is not built yet'));
  },
};
