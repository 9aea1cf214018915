import { LanesError } from '@lanes/core';
import type { Command } from '../command.js';

// PLACEHOLDER: replaced by the helper that implements `lanes init`.
export const initCommand: Command = {
  name: 'init',
  summary: 'turn coordination on',
  usage: 'init [--branch B] [--remote R] [--no-hooks]',
  options: {},
  maxPositionals: 2,
  run() {
    return Promise.reject(new LanesError('E_INTERNAL', 'lanes init is not built yet'));
  },
};
