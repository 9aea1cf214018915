import type {
  ConflictDeclaration,
  CoordinationState,
  PrdRegistryDocument,
  RiskLevel,
} from '../types.js';
import { compareRisk } from './risk-level.js';
import { pathRisk } from './risk.js';

export interface ConflictsWithChange {
  prdId: string;
  other: string;
  from: RiskLevel;
  to: Exclude<RiskLevel, 'none'>;
}

/**
 * `lanes conflicts --write`: the registry's `conflictsWith` brought up to date with
 * the declared paths of every open PRD. The schema has no field that says where a
 * declaration came from, so the rule is additive: a pair whose paths overlap gets a
 * declaration on both sides, or an existing one is raised to the path risk (its
 * `sharedPaths` merged); nothing is ever lowered or removed, so a risk someone
 * declared by hand survives. Running it twice changes nothing the second time.
 */
export function conflictsWithFromPaths(state: Pick<CoordinationState, 'config' | 'registry'>): {
  registry: PrdRegistryDocument;
  changes: ConflictsWithChange[];
} {
  const { registry } = state;
  const sharedGlobs = state.config.coordination.shared;
  const declarations = new Map<string, ConflictDeclaration[]>(
    registry.prds.map((entry) => [entry.id, [...(entry.conflictsWith ?? [])]]),
  );
  const changes: ConflictsWithChange[] = [];
  const record = (from: string, to: string, risk: Exclude<RiskLevel, 'none'>, paths: string[]) => {
    const list = declarations.get(from);
    if (list === undefined) return;
    const at = list.findIndex((declaration) => declaration.prdId === to);
    const existing = list[at];
    if (existing === undefined) {
      list.push({ prdId: to, risk, sharedPaths: paths });
      changes.push({ prdId: from, other: to, from: 'none', to: risk });
      return;
    }
    if (compareRisk(risk, existing.risk) <= 0) return;
    const merged: ConflictDeclaration = {
      ...existing,
      risk,
      sharedPaths: [...new Set([...(existing.sharedPaths ?? []), ...paths])].sort(),
    };
    list[at] = merged;
    changes.push({ prdId: from, other: to, from: existing.risk, to: risk });
  };

  registry.prds.forEach((a, i) => {
    for (const b of registry.prds.slice(i + 1)) {
      const assessment = pathRisk(a.touches ?? [], b.touches ?? [], sharedGlobs);
      if (assessment.risk === 'none') continue;
      const paths = [...new Set(assessment.findings.flatMap((finding) => finding.paths))].sort();
      record(a.id, b.id, assessment.risk, paths);
      record(b.id, a.id, assessment.risk, paths);
    }
  });

  if (changes.length === 0) return { registry, changes };
  return {
    registry: {
      ...registry,
      prds: registry.prds.map((entry) => {
        const list = declarations.get(entry.id) ?? [];
        return list.length === 0 ? entry : { ...entry, conflictsWith: list };
      }),
    },
    changes,
  };
}
