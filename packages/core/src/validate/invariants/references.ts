import type { Diagnostic, PrdRegistryDocument } from '../../types.js';
import { diagnostic } from '../diagnostic.js';
import { messages } from '../messages.js';
import { DOCUMENT_PATHS } from '../paths.js';
import { describePointer, joinPointer } from '../pointer.js';

function knownIds(registry: PrdRegistryDocument): Set<string> {
  return new Set(
    [...registry.prds, ...registry.completed, ...registry.abandoned].map((entry) => entry.id),
  );
}

/** `dependsOn` names PRDs in prds, completed or abandoned. */
export function unknownDependencies(registry: PrdRegistryDocument): Diagnostic[] {
  const known = knownIds(registry);
  return registry.prds.flatMap((entry, index) =>
    (entry.dependsOn ?? []).flatMap((id, position) => {
      if (known.has(id)) return [];
      const pointer = joinPointer('', 'prds', index, 'dependsOn', position);
      return [
        diagnostic(
          DOCUMENT_PATHS.registry,
          pointer,
          'unknown-dependency',
          messages.unknownDependency(describePointer(pointer), id),
        ),
      ];
    }),
  );
}

/** `conflictsWith` names PRDs in prds, completed or abandoned. */
export function unknownConflictPrds(registry: PrdRegistryDocument): Diagnostic[] {
  const known = knownIds(registry);
  return registry.prds.flatMap((entry, index) =>
    (entry.conflictsWith ?? []).flatMap((conflict, position) => {
      if (known.has(conflict.prdId)) return [];
      const pointer = joinPointer('', 'prds', index, 'conflictsWith', position, 'prdId');
      return [
        diagnostic(
          DOCUMENT_PATHS.registry,
          pointer,
          'unknown-conflict-prd',
          messages.unknownConflictPrd(describePointer(pointer), conflict.prdId),
        ),
      ];
    }),
  );
}
