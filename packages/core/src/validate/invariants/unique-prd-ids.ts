import type { Diagnostic, PrdRegistryDocument } from '../../types.js';
import { diagnostic } from '../diagnostic.js';
import { messages } from '../messages.js';
import { DOCUMENT_PATHS } from '../paths.js';
import { describePointer, joinPointer } from '../pointer.js';
import { repeats } from './repeats.js';

/** Ids are unique across `prds`, `completed` and `abandoned`. */
export function duplicatePrdIds(registry: PrdRegistryDocument): Diagnostic[] {
  const all = (['prds', 'completed', 'abandoned'] as const).flatMap((list) =>
    registry[list].map((entry, index) => ({
      id: entry.id,
      pointer: joinPointer('', list, index, 'id'),
    })),
  );
  return repeats(all, (entry) => entry.id).map(({ item, firstIndex }) =>
    diagnostic(
      DOCUMENT_PATHS.registry,
      item.pointer,
      'duplicate-prd-id',
      messages.duplicatePrdId(
        item.id,
        describePointer(item.pointer),
        describePointer(all[firstIndex]!.pointer),
      ),
    ),
  );
}
