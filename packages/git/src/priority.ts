import { readFileSync, writeFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

// The nice value background git runs at (processes start at 0).
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
      // Only a group of git's own: ours would stay lowered, for this process and all it
      // starts, since a nice value cannot be lowered back without privileges.
      const group = (of: string) => readFileSync(`/proc/${of}/autogroup`, 'utf8').split(' ')[0];
      if (group(String(pid)) !== group('self')) {
        writeFileSync(`/proc/${pid}/autogroup`, String(BACKGROUND_NICE));
      }
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
