import { LanesError } from '@lanes/core';
import type { Command } from '../command.js';

// PLACEHOLDER: replaced by the helper that implements `lanes hook`.
export const hookCommand: Command = {
  name: 'hook',
  summary: 'entry point of the installed hook scripts',
  usage: 'hook <post-commit | post-rewrite | pre-push>',
  options: {},
  maxPositionals: 2,
  run() {
    return Promise.reject(new LanesError('E_INTERNAL', 'lanes hook is not built yet'));
  },
};
