import { writeFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

// How much nicer background git runs than the writer whose turn it is.
const BACKGROUND_NICE = 10;

/**
 * Lowers the CPU priority of a git just started in a session of its own, and so of what
 * it starts (a local remote's upload-pack, ssh). On Linux with autogroup scheduling each
 * session is scheduled as one group, whose weight is the group's nice and not its
 * processes': a process nice alone would change nothing, so both are set. Best effort:
 * where neither exists, or the process is already gone, it keeps its priority.
 */
export function lowerPriority(pid: number): void {
  if (process.platform === 'linux') {
    try {
      writeFileSync(`/proc/${pid}/autogroup`, String(BACKGROUND_NICE));
    } catch {
      // Autogroup scheduling is off or absent.
    }
  }
  try {
    // Never less nice than this process: a caller that runs nicer keeps its git as nice.
    setPriority(pid, Math.max(BACKGROUND_NICE, getPriority()));
  } catch {
    // Already gone, or not permitted.
  }
}
