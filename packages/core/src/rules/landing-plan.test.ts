import { describe, expect, it } from 'vitest';
import { planLanding } from './landing-plan.js';

const base = {
  mainTip: 'm'.repeat(40),
  testedTip: 't'.repeat(40),
  branch: 'feature/print',
  prdId: 'prd-print',
  title: 'Print templates',
  subjects: ['feat: model (US-001)', 'feat: view (US-002)'],
};

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
    expect(plan).toEqual({
      kind: 'commit',
      parents: [base.mainTip],
      message:
        'Print templates (prd-print)\n\nSquashed from feature/print:\n' +
        '- feat: model (US-001)\n- feat: view (US-002)\n',
    });
  });

  it('fast-forwards for rebase, and lands nothing new when the tip is main', () => {
    expect(planLanding({ ...base, strategy: 'rebase' })).toEqual({ kind: 'tip' });
    expect(planLanding({ ...base, strategy: 'merge', testedTip: base.mainTip })).toEqual({
      kind: 'main',
    });
  });
});
