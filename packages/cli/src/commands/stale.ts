import { LanesError } from '@lanes/core';
import type { Command } from '../command.js';

// PLACEHOLDER: replaced by the helper that implements `lanes stale`.
export const staleCommand: Command = {
  name: 'stale',
  summary: 'the stale sessions and the choices',
  usage: 'stale',
  options: {},
  maxPositionals: 2,
  run() {
    return Promise.reject(new LanesError('E_INTERNAL', 'lanes stale is not built yet'));
  },
};
