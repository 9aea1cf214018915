import { LanesError } from '@lanes/core';
import type { Command } from '../command.js';

// PLACEHOLDER: replaced by the helper that implements `lanes status`.
export const statusCommand: Command = {
  name: 'status',
  summary: 'the dashboard',
  usage: 'status',
  options: {},
  maxPositionals: 2,
  run() {
    return Promise.reject(new LanesError('E_INTERNAL', 'lanes status is not built yet'));
  },
};
