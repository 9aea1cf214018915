import { LanesError } from '@lanes/core';
import type { Command } from '../command.js';

// PLACEHOLDER: replaced by the helper that implements `lanes hooks install`.
export const hooksInstallCommand: Command = {
  name: 'hooks install',
  summary: 'install the git hooks',
  usage: 'hooks install [--husky | --git]',
  options: {},
  maxPositionals: 2,
  run() {
    return Promise.reject(new LanesError('E_INTERNAL', 'lanes hooks install is not built yet'));
  },
};
