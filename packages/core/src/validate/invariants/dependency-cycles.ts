import type { Diagnostic, PrdRegistryDocument } from '../../types.js';
import { diagnostic } from '../diagnostic.js';
import { messages } from '../messages.js';
import { DOCUMENT_PATHS } from '../paths.js';
import { describePointer, joinPointer } from '../pointer.js';

interface Frame {
  index: number;
  next: number;
}

/**
 * No dependency cycle among the registry's `prds`. Each cycle is reported once, at the
 * `dependsOn` item that closes it, with the whole path. The walk keeps its own stack
 * so a long chain of PRDs cannot overflow the call stack.
 */
export function dependencyCycles(registry: PrdRegistryDocument): Diagnostic[] {
  const entries = registry.prds;
  const indexById = new Map<string, number>();
  entries.forEach((entry, index) => {
    if (!indexById.has(entry.id)) indexById.set(entry.id, index);
  });
  const state = new Map<number, 'open' | 'done'>();
  const problems: Diagnostic[] = [];

  for (const start of indexById.values()) {
    if (state.has(start)) continue;
    const stack: Frame[] = [{ index: start, next: 0 }];
    state.set(start, 'open');
    while (stack.length > 0) {
      const frame = stack.at(-1)!;
      const dependsOn = entries[frame.index]!.dependsOn ?? [];
      if (frame.next >= dependsOn.length) {
        state.set(frame.index, 'done');
        stack.pop();
        continue;
      }
      const position = frame.next++;
      const target = indexById.get(dependsOn[position]!);
      if (target === undefined || state.get(target) === 'done') continue;
      if (state.get(target) === 'open') {
        const from = stack.findIndex((f) => f.index === target);
        const cycle = [...stack.slice(from).map((f) => entries[f.index]!.id), entries[target]!.id];
        const pointer = joinPointer('', 'prds', frame.index, 'dependsOn', position);
        problems.push(
          diagnostic(
            DOCUMENT_PATHS.registry,
            pointer,
            'dependency-cycle',
            messages.dependencyCycle(describePointer(pointer), cycle),
          ),
        );
        continue;
      }
      state.set(target, 'open');
      stack.push({ index: target, next: 0 });
    }
  }
  return problems;
}
