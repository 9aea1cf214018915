import type { Git } from '../runner.js';

/** The slice of the Git port that branch evidence needs (a test double fits too). */
export type EvidenceGit = Pick<Git, 'run'>;

/** Two commits (any revision git understands) whose work is compared. */
export interface RefPair {
  a: string;
  b: string;
}
