export { claim, type ClaimRequest } from './claim.js';
export { resume, type ResumeRequest } from './resume.js';
export { interruptible, type StartProgress } from './start-identity.js';
export type { StartResult } from './result.js';
export { noteMissingHooks } from './complete-start.js';
