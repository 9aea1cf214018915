import { LanesError } from '@lanes/core';
import type { Command } from '../command.js';

// PLACEHOLDER: replaced by the helper that implements `lanes release`.
export const releaseCommand: Command = {
  name: 'release',
  summary: 'land the work through the merge queue',
  usage: 'release [--no-wait] [--strategy S]',
  options: {},
  maxPositionals: 2,
  run() {
    return Promise.reject(new LanesError('E_INTERNAL', 'lanes release is not built yet'));
  },
};
