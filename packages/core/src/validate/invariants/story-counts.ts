import type { Diagnostic, PrdRegistryDocument } from '../../types.js';
import { diagnostic } from '../diagnostic.js';
import { messages } from '../messages.js';
import { DOCUMENT_PATHS } from '../paths.js';
import { describePointer, joinPointer } from '../pointer.js';

/** `stories.completed <= stories.total`. */
export function storiesCompletedExceedsTotal(registry: PrdRegistryDocument): Diagnostic[] {
  return registry.prds.flatMap((entry, index) => {
    if (entry.stories === undefined || entry.stories.completed <= entry.stories.total) return [];
    const pointer = joinPointer('', 'prds', index, 'stories', 'completed');
    return [
      diagnostic(
        DOCUMENT_PATHS.registry,
        pointer,
        'stories-completed-exceeds-total',
        messages.storiesCompletedExceedsTotal(
          describePointer(pointer),
          entry.stories.completed,
          entry.stories.total,
        ),
      ),
    ];
  });
}
