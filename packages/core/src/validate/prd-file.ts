import type { Diagnostic } from '../types.js';
import { diagnostic } from './diagnostic.js';
import { messages } from './messages.js';
import { describePointer, joinPointer } from './pointer.js';
import { checkPrdSchema } from './schemas.js';

/** Schema and story-id uniqueness of one PRD file's parsed content. */
export function validatePrdFile(file: string, value: unknown): Diagnostic[] {
  const problems = checkPrdSchema(file, value);
  if (problems.length > 0) return problems;
  return duplicateStoryIds(file, (value as { userStories: { id: string }[] }).userStories);
}

function duplicateStoryIds(file: string, stories: readonly { id: string }[]): Diagnostic[] {
  const firstAt = new Map<string, number>();
  const problems: Diagnostic[] = [];
  stories.forEach((story, index) => {
    const first = firstAt.get(story.id);
    if (first === undefined) {
      firstAt.set(story.id, index);
      return;
    }
    const pointer = joinPointer('', 'userStories', index, 'id');
    problems.push(
      diagnostic(
        file,
        pointer,
        'duplicate-story-id',
        messages.duplicateStoryId(
          story.id,
          describePointer(pointer),
          describePointer(joinPointer('', 'userStories', first, 'id')),
        ),
      ),
    );
  });
  return problems;
}
