export * from './run-release.js';
export { planInterrupted, recordedLandings } from './recover.js';
export { releaseMessages } from './messages.js';
export { batchMessages } from './batch-messages.js';
export { joinQueue, waitForTurn } from './wait-for-turn.js';
