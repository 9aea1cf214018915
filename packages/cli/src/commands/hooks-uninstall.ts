import { LanesError } from '@lanes/core';
import type { Command } from '../command.js';

// PLACEHOLDER: replaced by the helper that implements `lanes hooks uninstall`.
export const hooksUninstallCommand: Command = {
  name: 'hooks uninstall',
  summary: 'remove the git hooks',
  usage: 'hooks uninstall',
  options: {},
  maxPositionals: 2,
  run() {
    return Promise.reject(new LanesError('E_INTERNAL', 'lanes hooks uninstall is not built yet'));
  },
};
