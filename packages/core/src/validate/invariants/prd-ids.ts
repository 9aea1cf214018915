import type { CoordinationState, Diagnostic } from '../../types.js';
import { diagnostic } from '../diagnostic.js';
import { messages } from '../messages.js';
import { idFromFileName } from '../paths.js';
import { describePointer, joinPointer } from '../pointer.js';

/** A PRD file's id (by default its file name) is the id of the registry entry pointing at it. */
export function prdIdMismatches(state: CoordinationState): Diagnostic[] {
  return state.registry.prds.flatMap((entry, index) => {
    if (!Object.hasOwn(state.prds, entry.file)) return [];
    const prd = state.prds[entry.file]!;
    const id = prd.id ?? idFromFileName(entry.file);
    if (id === entry.id) return [];
    return [
      diagnostic(
        entry.file,
        '/id',
        'prd-id-mismatch',
        messages.prdIdMismatch(
          id,
          prd.id === undefined,
          describePointer(joinPointer('', 'prds', index)),
          entry.id,
        ),
      ),
    ];
  });
}
