import type { Diagnostic } from '@lanes/core';

/** One line per problem: where (file and field), what kind, and the sentence. */
export function renderProblems(problems: readonly Diagnostic[], source: string): string {
  const lines = problems.map((p) => {
    const where = `${p.file}${p.line ? `:${p.line}:${p.column ?? 1}` : ''}${p.pointer ? ` ${p.pointer}` : ''}`;
    return `  ${where}  [${p.code}]  ${p.message}`;
  });
  const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  return [`invalid: ${count} in the lanes documents at ${source}`, ...lines].join('\n');
}
