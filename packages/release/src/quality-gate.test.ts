import { describe, expect, it } from 'vitest';
import { runQualityGate, type QualityRunner } from './quality-gate.js';

/** A runner whose check passes from the given check number on; it logs every call. */
function runner(passesFrom: number | null) {
  const calls: string[] = [];
  let checks = 0;
  const fake: QualityRunner = {
    run(command, role) {
      calls.push(`${role}:${command}`);
      if (role === 'fix') return Promise.resolve(true);
      checks += 1;
      return Promise.resolve(passesFrom !== null && checks >= passesFrom);
    },
    commitFix(attempt) {
      calls.push(`commit:${attempt}`);
      return Promise.resolve();
    },
  };
  return { fake, calls };
}

describe('runQualityGate', () => {
  it('passes without running anything when no check is configured', async () => {
    const { fake, calls } = runner(null);
    expect(await runQualityGate({ attempts: 3 }, fake)).toEqual({
      passed: true,
      checks: 0,
      fixRuns: 0,
      flaky: false,
    });
    expect(calls).toEqual([]);
  });

  it('runs the fix and commits it between checks, until the check passes', async () => {
    const { fake, calls } = runner(2);
    const result = await runQualityGate({ check: 'test', fix: 'lint', attempts: 3 }, fake);
    expect(result).toEqual({ passed: true, checks: 2, fixRuns: 1, flaky: false });
    expect(calls).toEqual(['check:test', 'fix:lint', 'commit:1', 'check:test']);
  });

  it('gives up after `attempts` checks, with no fix after the last one', async () => {
    const { fake, calls } = runner(null);
    const result = await runQualityGate({ check: 'test', fix: 'lint', attempts: 2 }, fake);
    expect(result).toEqual({ passed: false, checks: 2, fixRuns: 1, flaky: false });
    expect(calls).toEqual(['check:test', 'fix:lint', 'commit:1', 'check:test']);
  });

  it('checks once when there is no fix: the same check on the same tree would only repeat', async () => {
    const { fake, calls } = runner(null);
    expect(await runQualityGate({ check: 'test', attempts: 3 }, fake)).toEqual({
      passed: false,
      checks: 1,
      fixRuns: 0,
      flaky: false,
    });
    expect(calls).toEqual(['check:test']);
  });

  it('retryFlaky: a check that fails once then passes on the same tree is flaky, no fix ran', async () => {
    const { fake, calls } = runner(2);
    const gate = { check: 'test', fix: 'lint', attempts: 3, retryFlaky: true };
    expect(await runQualityGate(gate, fake)).toEqual({
      passed: true,
      checks: 2,
      fixRuns: 0,
      flaky: true,
    });
    expect(calls).toEqual(['check:test', 'check:test']);
  });

  it('retryFlaky: a check failing twice goes on to the fix; without a fix it stops after two', async () => {
    const withFix = runner(3);
    const gate = { check: 'test', fix: 'lint', attempts: 3, retryFlaky: true };
    expect(await runQualityGate(gate, withFix.fake)).toEqual({
      passed: true,
      checks: 3,
      fixRuns: 1,
      flaky: false,
    });
    expect(withFix.calls).toEqual([
      'check:test',
      'check:test',
      'fix:lint',
      'commit:1',
      'check:test',
    ]);
    const noFix = runner(null);
    expect(
      await runQualityGate({ check: 'test', attempts: 3, retryFlaky: true }, noFix.fake),
    ).toEqual({ passed: false, checks: 2, fixRuns: 0, flaky: false });
  });
});
