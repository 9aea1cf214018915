import type { CoordinationState, Diagnostic, PrdFile } from '../../types.js';
import { diagnostic } from '../diagnostic.js';
import { messages } from '../messages.js';
import { DOCUMENT_PATHS } from '../paths.js';
import { describePointer, joinPointer } from '../pointer.js';

function prdAt(state: CoordinationState, path: string): PrdFile | undefined {
  return Object.hasOwn(state.prds, path) ? state.prds[path] : undefined;
}

/**
 * A lock's `currentStory` and `completedStories`, and a registry entry's
 * `currentStory`, are stories of the PRD file, when that file was read.
 */
export function unknownStories(state: CoordinationState): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const check = (file: string, prdFile: string, pointer: string, story: string | undefined) => {
    const prd = prdAt(state, prdFile);
    if (story === undefined || prd === undefined) return;
    if (prd.userStories.some((s) => s.id === story)) return;
    problems.push(
      diagnostic(
        file,
        pointer,
        'unknown-story',
        messages.unknownStory(describePointer(pointer), story, prdFile),
      ),
    );
  };
  state.locks.sessions.forEach((lock, index) => {
    check(
      DOCUMENT_PATHS.locks,
      lock.prdFile,
      joinPointer('', 'sessions', index, 'currentStory'),
      lock.currentStory ?? undefined,
    );
    (lock.completedStories ?? []).forEach((story, position) =>
      check(
        DOCUMENT_PATHS.locks,
        lock.prdFile,
        joinPointer('', 'sessions', index, 'completedStories', position),
        story,
      ),
    );
  });
  state.registry.prds.forEach((entry, index) =>
    check(
      DOCUMENT_PATHS.registry,
      entry.file,
      joinPointer('', 'prds', index, 'currentStory'),
      entry.currentStory,
    ),
  );
  return problems;
}
