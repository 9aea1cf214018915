import { describe, expect, it } from 'vitest';
import {
  LANES_OWNED_PATTERNS,
  abandonReasonMarkdown,
  abandonedArchiveDir,
  abandonedArchiveFiles,
  completedArchivePath,
  isLanesOwnedPath,
} from './archive.js';

describe('archive paths', () => {
  it('use the UTC date on both sides of midnight', () => {
    expect(completedArchivePath('prd-a', new Date('2026-02-19T23:59:59.999Z'))).toBe(
      'docs/completed/2026-02-19/prd-a.json',
    );
    expect(completedArchivePath('prd-a', new Date('2026-02-20T00:00:00Z'))).toBe(
      'docs/completed/2026-02-20/prd-a.json',
    );
    // 23:30 in New York on the 19th is already the 20th in UTC.
    expect(abandonedArchiveDir('prd-a', new Date('2026-02-19T23:30:00-05:00'))).toBe(
      'docs/abandoned/2026-02-20-prd-a/',
    );
  });

  it('name the files inside the abandoned folder', () => {
    expect(abandonedArchiveFiles('prd-a', new Date('2026-02-19T12:00:00Z'))).toEqual({
      dir: 'docs/abandoned/2026-02-19-prd-a/',
      prdFile: 'docs/abandoned/2026-02-19-prd-a/prd-a.json',
      reasonFile: 'docs/abandoned/2026-02-19-prd-a/reason.md',
    });
  });
});

describe('abandonReasonMarkdown', () => {
  it('records the PRD, session, date, reason, branch, tip and completed stories', () => {
    const text = abandonReasonMarkdown({
      prdId: 'prd-a',
      title: 'Print templates',
      sessionId: 'dev-aaaaaa',
      date: '2026-02-19T15:00:00Z',
      reason: '  superseded by prd-b  ',
      branch: 'feature/a',
      tipSha: '9fceb02d0ae598e95dc970b74767f19372d61af8',
      completedStories: ['US-001', 'US-002'],
    });
    for (const part of [
      '# Abandoned: prd-a',
      'Print templates',
      'dev-aaaaaa',
      '2026-02-19T15:00:00Z',
      '\nsuperseded by prd-b\n',
      'feature/a',
      '- US-001\n- US-002',
      'git branch feature/a 9fceb02d0ae598e95dc970b74767f19372d61af8',
    ]) {
      expect(text).toContain(part);
    }
  });

  it('says so when nothing was completed and the tip is unknown', () => {
    const text = abandonReasonMarkdown({
      prdId: 'prd-a',
      title: 'A',
      date: '2026-02-19T15:00:00Z',
      reason: 'never started',
      completedStories: [],
    });
    expect(text).toContain('- none');
    expect(text).toContain('**Tip**: unknown');
    expect(text).not.toContain('git branch');
  });
});

describe('isLanesOwnedPath', () => {
  it.each([
    ['docs/session-locks.json', true],
    ['docs/prd-registry.json', true],
    ['docs/completed/2026-02-18/prd-a.json', true],
    ['docs/abandoned/2026-02-18-prd-a/reason.md', true],
    ['./docs/prd-registry.json', true],
    ['docs/prds/prd-a.json', false],
    ['docs/drafts/prd-a.json', false],
    ['src/docs/session-locks.json', false],
    ['project.json', false],
  ])('%s → %s', (path, owned) => expect(isLanesOwnedPath(path)).toBe(owned));

  it('lists the FORMATS.md patterns', () => {
    expect(LANES_OWNED_PATTERNS).toHaveLength(4);
  });
});
