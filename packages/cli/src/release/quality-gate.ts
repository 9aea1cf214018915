// The quality gate of the merge queue: `qualityCheck` in the rebased tree, and between
// failed checks `qualityFix` with its changes committed, up to `attempts` checks.

export interface QualityGate {
  check?: string;
  fix?: string;
  attempts: number;
}

export interface QualityRunner {
  /** Runs a shell command in the rebased tree; true when it exits 0. */
  run(command: string, role: 'check' | 'fix', attempt: number): Promise<boolean>;
  /** Commits what the fix changed (nothing to commit is fine). */
  commitFix(attempt: number): Promise<void>;
}

export interface GateResult {
  passed: boolean;
  /** How many times the check ran (0 without a check). */
  checks: number;
}

/**
 * Without a fix command a failing check is final: running the same check on the same
 * tree again would only repeat it. With one, the fix runs (its exit code does not
 * matter, the next check decides) and the check runs again.
 */
export async function runQualityGate(
  gate: QualityGate,
  runner: QualityRunner,
): Promise<GateResult> {
  if (gate.check === undefined || gate.check.trim() === '') return { passed: true, checks: 0 };
  const fix = gate.fix?.trim() ? gate.fix : undefined;
  const limit = fix === undefined ? 1 : Math.max(1, Math.floor(gate.attempts));
  for (let attempt = 1; ; attempt++) {
    if (await runner.run(gate.check, 'check', attempt)) return { passed: true, checks: attempt };
    if (attempt >= limit || fix === undefined) return { passed: false, checks: attempt };
    await runner.run(fix, 'fix', attempt);
    await runner.commitFix(attempt);
  }
}
