import { LanesError } from '@lanes/core';
import type { Command } from '../command.js';

// PLACEHOLDER: replaced by the helper that implements `lanes heartbeat`.
export const heartbeatCommand: Command = {
  name: 'heartbeat',
  summary: 'liveness ping and story progress',
  usage: 'heartbeat [--story US-x] [--completed US-x] [--quiet]',
  options: {},
  maxPositionals: 2,
  run() {
    return Promise.reject(new LanesError('E_INTERNAL', 'lanes heartbeat is not built yet'));
  },
};
