import type { RegistryEntry, RiskLevel } from '../types.js';
import { globWithin, globsOverlap, pathMatchesAny } from './glob-overlap.js';
import { maxRisk } from './risk-level.js';

// PRODUCT.md "Conflict risk": between two PRDs the risk is the highest of three
// sources, and every finding says which source and which paths.

export interface RiskFinding {
  source: 'declared' | 'paths' | 'branches';
  risk: RiskLevel;
  paths: string[];
  detail?: string;
}

export interface RiskAssessment {
  risk: RiskLevel;
  findings: RiskFinding[];
}

export interface PairRisk extends RiskAssessment {
  a: string;
  b: string;
}

/** What git found about two branches (changed files since their merge bases, merge-tree conflicts). */
export interface BranchEvidence {
  changedA: readonly string[];
  changedB: readonly string[];
  conflictFiles: readonly string[];
}

function assess(findings: RiskFinding[]): RiskAssessment {
  return { risk: maxRisk(...findings.map((finding) => finding.risk)), findings };
}

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

type Declaring = Pick<RegistryEntry, 'id' | 'conflictsWith'>;

/** The registry's `conflictsWith`, read in both directions. */
export function declaredRisk(a: Declaring, b: Declaring): RiskAssessment {
  const findings: RiskFinding[] = [];
  for (const [from, to] of [
    [a, b],
    [b, a],
  ] as const) {
    for (const declaration of from.conflictsWith ?? []) {
      if (declaration.prdId !== to.id) continue;
      const paths = unique(declaration.sharedPaths ?? []);
      const duplicate = findings.some(
        (f) => f.risk === declaration.risk && f.paths.join('\n') === paths.join('\n'),
      );
      if (duplicate) continue;
      findings.push({
        source: 'declared',
        risk: declaration.risk,
        paths,
        detail: `${from.id} declares ${declaration.risk} risk with ${to.id}`,
      });
    }
  }
  return assess(findings);
}

/**
 * Overlap of the declared `touches` globs: medium when some overlap lies outside
 * the shared globs, low when every overlap is inside them. An overlap counts as
 * shared when either glob of the pair lies wholly within the shared globs (their
 * common paths are then shared too).
 */
export function pathRisk(
  touchesA: readonly string[],
  touchesB: readonly string[],
  sharedGlobs: readonly string[],
): RiskAssessment {
  const outside: [string, string][] = [];
  const inside: [string, string][] = [];
  for (const ga of touchesA) {
    for (const gb of touchesB) {
      if (!globsOverlap(ga, gb)) continue;
      const shared = globWithin(ga, sharedGlobs) || globWithin(gb, sharedGlobs);
      (shared ? inside : outside).push([ga, gb]);
    }
  }
  const findings: RiskFinding[] = [];
  if (outside.length > 0) findings.push(pathFinding('medium', outside, 'declared paths overlap'));
  if (inside.length > 0) {
    findings.push(pathFinding('low', inside, 'declared paths overlap only in shared paths'));
  }
  return assess(findings);
}

function pathFinding(risk: RiskLevel, pairs: [string, string][], what: string): RiskFinding {
  return {
    source: 'paths',
    risk,
    paths: unique(pairs.flat()),
    detail: `${what}: ${pairs.map(([x, y]) => (x === y ? x : `${x} ~ ${y}`)).join(', ')}`,
  };
}

/**
 * What the real branches say: high on any textual conflict `git merge-tree` found,
 * medium when both change a file outside the shared globs, low when the files both
 * change are all shared. Each level gets its own finding, so no path is lost.
 */
export function branchRisk(
  evidence: BranchEvidence,
  sharedGlobs: readonly string[],
): RiskAssessment {
  const conflicts = unique(evidence.conflictFiles);
  const changedB = new Set(evidence.changedB);
  const conflicting = new Set(conflicts);
  const common = unique(evidence.changedA.filter((file) => changedB.has(file))).filter(
    (file) => !conflicting.has(file),
  );
  const shared = common.filter((file) => pathMatchesAny(file, sharedGlobs));
  const outside = common.filter((file) => !pathMatchesAny(file, sharedGlobs));
  const findings: RiskFinding[] = [];
  if (conflicts.length > 0) {
    findings.push({
      source: 'branches',
      risk: 'high',
      paths: conflicts,
      detail: 'the branches conflict',
    });
  }
  if (outside.length > 0) {
    findings.push({
      source: 'branches',
      risk: 'medium',
      paths: outside,
      detail: 'both branches change these files',
    });
  }
  if (shared.length > 0) {
    findings.push({
      source: 'branches',
      risk: 'low',
      paths: shared,
      detail: 'both branches change only shared files',
    });
  }
  return assess(findings);
}

export interface RiskOptions {
  shared: readonly string[];
  /** Present when both PRDs have branches git could compare. */
  evidence?: BranchEvidence;
}

type Assessable = Pick<RegistryEntry, 'id' | 'conflictsWith' | 'touches'>;

/** The highest risk of every source, with all findings kept. */
export function riskBetween(a: Assessable, b: Assessable, options: RiskOptions): PairRisk {
  const findings = [
    ...declaredRisk(a, b).findings,
    ...pathRisk(a.touches ?? [], b.touches ?? [], options.shared).findings,
    ...(options.evidence === undefined
      ? []
      : branchRisk(options.evidence, options.shared).findings),
  ];
  return { a: a.id, b: b.id, ...assess(findings) };
}
