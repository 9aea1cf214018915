import picomatch from 'picomatch';
import { utcDate } from './time.js';

// Where archived PRDs go. Folders are named by the UTC date, so two sessions in
// different time zones archive the same day's work to the same place.

export function completedArchivePath(prdId: string, now: Date): string {
  return `docs/completed/${utcDate(now)}/${prdId}.json`;
}

/** The folder (with its trailing `/`) that holds the abandoned PRD file and `reason.md`. */
export function abandonedArchiveDir(prdId: string, now: Date): string {
  return `docs/abandoned/${utcDate(now)}-${prdId}/`;
}

export function abandonedArchiveFiles(
  prdId: string,
  now: Date,
): { dir: string; prdFile: string; reasonFile: string } {
  const dir = abandonedArchiveDir(prdId, now);
  return { dir, prdFile: `${dir}${prdId}.json`, reasonFile: `${dir}reason.md` };
}

export interface AbandonRecord {
  prdId: string;
  title: string;
  sessionId?: string;
  /** ISO time of the abandonment. */
  date: string;
  reason: string;
  branch?: string;
  /** The branch tip when it was abandoned, so the work can be recovered. */
  tipSha?: string;
  completedStories: readonly string[];
}

/** FORMATS.md "reason.md": enough to understand and to recover the work. */
export function abandonReasonMarkdown(record: AbandonRecord): string {
  const stories =
    record.completedStories.length === 0
      ? '- none'
      : record.completedStories.map((story) => `- ${story}`).join('\n');
  const recovery =
    record.branch !== undefined && record.tipSha !== undefined
      ? `\nTo recover the work: \`git branch ${record.branch} ${record.tipSha}\` (while the commit still exists).\n`
      : '';
  return [
    `# Abandoned: ${record.prdId}`,
    '',
    `- **PRD**: ${record.prdId} — ${record.title}`,
    `- **Session**: ${record.sessionId ?? 'none'}`,
    `- **Date**: ${record.date}`,
    `- **Branch**: ${record.branch ?? 'none'}`,
    `- **Tip**: ${record.tipSha ?? 'unknown'}`,
    '',
    '## Reason',
    '',
    record.reason.trim(),
    '',
    '## Completed stories',
    '',
    stories,
    recovery,
  ].join('\n');
}

/** Files that change only through lanes transactions (FORMATS.md). */
export const LANES_OWNED_PATTERNS: readonly string[] = [
  'docs/session-locks.json',
  'docs/prd-registry.json',
  'docs/completed/**',
  'docs/abandoned/**',
];

const isOwned = picomatch([...LANES_OWNED_PATTERNS], { dot: true });

export function isLanesOwnedPath(path: string): boolean {
  return isOwned(path.replace(/^\.\//, ''));
}
