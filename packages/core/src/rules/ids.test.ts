import { describe, expect, it } from 'vitest';
import { isLanesError } from '../errors.js';
import {
  PRD_ID,
  SESSION_ID,
  STORY_ID,
  branchForPrd,
  isValidBranchName,
  reservedBranchReason,
  normalizePrdId,
  storyIdFromSubject,
} from './ids.js';

describe('identifier patterns', () => {
  it('accept the FORMATS.md examples and refuse near misses', () => {
    expect(PRD_ID.test('prd-print-templates')).toBe(true);
    expect(PRD_ID.test('prd-Print')).toBe(false);
    expect(PRD_ID.test('prd--x')).toBe(false);
    expect(PRD_ID.test('prd-x-')).toBe(false);
    expect(SESSION_ID.test('developer-a1b2c3')).toBe(true);
    expect(SESSION_ID.test('developer-a1b2c')).toBe(false);
    expect(SESSION_ID.test('1dev-a1b2c3')).toBe(false);
    expect(STORY_ID.test('US-003')).toBe(true);
    expect(STORY_ID.test('US-1234')).toBe(true);
    expect(STORY_ID.test('US-03')).toBe(false);
  });
});

describe('normalizePrdId', () => {
  it('accepts a full id or its slug', () => {
    expect(normalizePrdId('prd-print-templates')).toBe('prd-print-templates');
    expect(normalizePrdId('print-templates')).toBe('prd-print-templates');
  });

  it('allows 64 characters and refuses 65, naming the argument', () => {
    const at64 = `prd-${'a'.repeat(60)}`;
    expect(normalizePrdId(at64)).toBe(at64);
    expect(normalizePrdId('a'.repeat(60))).toBe(at64);
    try {
      normalizePrdId(`prd-${'a'.repeat(61)}`, '--prd');
      expect.unreachable();
    } catch (error) {
      expect(isLanesError(error) && error.code).toBe('E_USAGE');
      expect((error as Error).message).toContain('--prd');
    }
  });

  it.each(['', 'Print', 'prd-', 'print_templates', '../x', 'prd-a--b', 'a b'])(
    'refuses %j with E_USAGE',
    (input) => {
      expect(() => normalizePrdId(input)).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
    },
  );
});

describe('isValidBranchName', () => {
  it.each(['feature/print-templates', 'main', 'a/b/c', 'fix-1.2', 'user@host', 'x.locked'])(
    'accepts %j',
    (name) => expect(isValidBranchName(name)).toBe(true),
  );

  it.each([
    '',
    '-x',
    'refs/heads/main',
    'a..b',
    'a@{1}',
    '@',
    'HEAD',
    'a b',
    'a~1',
    'a^',
    'a:b',
    'a?',
    'a*',
    'a[b',
    'a\\b',
    'a\tb',
    'a\x7fb',
    'x.lock',
    'a/b.lock/c',
    'a/',
    '/a',
    'a//b',
    'a.',
    '.a',
    'a/.b',
  ])('refuses %j', (name) => expect(isValidBranchName(name)).toBe(false));
});

describe('branchForPrd', () => {
  it('prefers the registry entry, then the PRD file, then feature/<slug>', () => {
    expect(branchForPrd({ id: 'prd-a', branchName: 'x/reg' }, { branchName: 'x/file' })).toBe(
      'x/reg',
    );
    expect(branchForPrd({ id: 'prd-a' }, { branchName: 'x/file' })).toBe('x/file');
    expect(branchForPrd({ id: 'prd-print-templates' })).toBe('feature/print-templates');
  });
});

describe('storyIdFromSubject', () => {
  it('finds the first story id anywhere in the subject line', () => {
    expect(storyIdFromSubject('US-004 template model')).toBe('US-004');
    expect(storyIdFromSubject('feat(print): US-004 and US-005')).toBe('US-004');
    expect(storyIdFromSubject('[US-1234] big one')).toBe('US-1234');
    // The agent guide's form, which commitlint's config-conventional accepts.
    expect(storyIdFromSubject('feat: add the model (US-002)')).toBe('US-002');
  });

  it('ignores look-alikes and the commit body', () => {
    expect(storyIdFromSubject('XUS-004 nope')).toBeUndefined();
    expect(storyIdFromSubject('US-04 too short')).toBeUndefined();
    expect(storyIdFromSubject('US-004b suffix')).toBeUndefined();
    expect(storyIdFromSubject('subject\n\nUS-004 in body')).toBeUndefined();
  });
});

describe('reservedBranchReason', () => {
  const reserved = ['main', 'lanes/state'];
  it.each(['feature/x', 'mainline', 'lanes-state', 'remotes/origin/mainx'])('allows %j', (b) =>
    expect(reservedBranchReason(b, reserved)).toBeUndefined(),
  );
  it.each([
    ['main', 'is the main branch itself'],
    ['lanes/state', 'is the coordination branch itself'],
    ['main/x', 'cannot exist beside the main branch'],
    ['lanes', 'cannot exist beside the coordination branch'],
    ['heads/main', 'ambiguous'],
    ['remotes/origin/lanes/state', 'ambiguous'],
  ])('refuses %j', (branch, reason) =>
    expect(reservedBranchReason(branch, reserved)).toContain(reason),
  );
});
