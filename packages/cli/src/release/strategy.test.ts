import { describe, expect, it } from 'vitest';
import { parseStrategy, planLanding } from './strategy.js';

const base = {
  mainTip: 'm'.repeat(40),
  testedTip: 't'.repeat(40),
  branch: 'feature/print',
  prdId: 'prd-print',
  title: 'Print templates',
  subjects: ['feat: model (US-001)', 'feat: view (US-002)'],
};

describe('parseStrategy', () => {
  it('accepts the three strategies of FORMATS.md and refuses anything else as a usage error', () => {
    expect(parseStrategy('squash')).toBe('squash');
    expect(() => parseStrategy('octopus')).toThrow(
      expect.objectContaining({ code: 'E_USAGE', message: expect.stringContaining('--strategy') }),
    );
  });
});

describe('planLanding', () => {
  it('merges with main first and the tested tip second', () => {
    const plan = planLanding({ ...base, strategy: 'merge' });
    expect(plan).toEqual({
      kind: 'commit',
      parents: [base.mainTip, base.testedTip],
      message: "Merge branch 'feature/print': Print templates (prd-print)\n",
    });
  });

  it('squashes onto main, listing the squashed subjects', () => {
    const plan = planLanding({ ...base, strategy: 'squash' });
    expect(plan).toMatchObject({ kind: 'commit', parents: [base.mainTip] });
    if (plan.kind === 'commit') {
      expect(plan.message).toContain('Print templates (prd-print)\n\nSquashed from feature/print:');
      expect(plan.message).toContain('- feat: view (US-002)');
    }
  });

  it('fast-forwards for rebase, and lands nothing new when the tip is main', () => {
    expect(planLanding({ ...base, strategy: 'rebase' })).toEqual({ kind: 'tip' });
    expect(planLanding({ ...base, strategy: 'merge', testedTip: base.mainTip })).toEqual({
      kind: 'main',
    });
  });
});
