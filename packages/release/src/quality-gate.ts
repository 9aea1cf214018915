// The quality gate of the merge queue: `qualityCheck` in the rebased tree; a failing
// check runs once more on the same tree when `retryFlaky` is on; then between failed
// checks `qualityFix` with its changes committed, up to `attempts` check runs.

export interface QualityGate {
  check?: string;
  fix?: string;
  attempts: number;
  retryFlaky?: boolean;
}

export interface QualityRunner {
  /** Runs a shell command in the rebased tree; true when it exits 0. */
  run(command: string, role: 'check' | 'fix', attempt: number, limit: number): Promise<boolean>;
  /** Commits what the fix changed (nothing to commit is fine). */
  commitFix(attempt: number): Promise<void>;
}

export interface GateResult {
  passed: boolean;
  /** How many times the check ran (0 without a check): what `attempts` limits. */
  checks: number;
  /** How many times the fix ran. */
  fixRuns: number;
  /** The check failed, then passed on the same tree without a fix in between. */
  flaky: boolean;
}

/**
 * `attempts` counts check runs, the flaky retry included. Without a fix command a
 * failing check is final (after the flaky retry): the same check on the same tree would
 * only repeat it. With one, the fix runs (its exit code does not matter, the next check
 * decides) and the check runs again.
 */
export async function runQualityGate(
  gate: QualityGate,
  runner: QualityRunner,
): Promise<GateResult> {
  if (gate.check === undefined || gate.check.trim() === '') {
    return { passed: true, checks: 0, fixRuns: 0, flaky: false };
  }
  const fix = gate.fix?.trim() ? gate.fix : undefined;
  const retry = gate.retryFlaky === true ? 1 : 0;
  const limit = fix === undefined ? 1 + retry : Math.max(1 + retry, Math.floor(gate.attempts));
  let checks = 0;
  let fixRuns = 0;
  let failedOnThisTree = false;
  while (checks < limit) {
    checks += 1;
    if (await runner.run(gate.check, 'check', checks, limit)) {
      return { passed: true, checks, fixRuns, flaky: failedOnThisTree };
    }
    if (retry === 1 && checks === 1) {
      failedOnThisTree = true;
      continue;
    }
    failedOnThisTree = false;
    if (checks >= limit || fix === undefined) break;
    fixRuns += 1;
    await runner.run(fix, 'fix', fixRuns, limit);
    await runner.commitFix(fixRuns);
  }
  return { passed: false, checks, fixRuns, flaky: false };
}
