import { describe, expect, it } from 'vitest';
import { parseToolCall, preToolUseAnswer } from './pre-tool-use.js';

describe('the PreToolUse hook input and answer', () => {
  it('reads the files of Write, Edit, MultiEdit and NotebookEdit calls', () => {
    const call = (tool: string, input: Record<string, unknown>) =>
      parseToolCall(
        JSON.stringify({
          hook_event_name: 'PreToolUse',
          tool_name: tool,
          cwd: '/r',
          tool_input: input,
        }),
      );
    expect(call('Write', { file_path: '/r/a.ts', content: 'x' })).toEqual({
      cwd: '/r',
      paths: ['/r/a.ts'],
    });
    expect(call('MultiEdit', { file_path: 'b.ts', edits: [] }).paths).toEqual(['b.ts']);
    expect(call('NotebookEdit', { notebook_path: 'n.ipynb' }).paths).toEqual(['n.ipynb']);
    expect(parseToolCall('not json')).toEqual({ paths: [] });
    expect(parseToolCall('null')).toEqual({ paths: [] });
  });

  it('denies only a high risk, naming the holder; otherwise says nothing', () => {
    const holder = {
      sessionId: 'alice-aaaaaa',
      prdId: 'prd-a',
      source: 'branch',
      risk: 'high',
    } as const;
    const answer = JSON.parse(
      preToolUseAnswer([{ path: 'a.ts', risk: 'high', holders: [holder] }]),
    );
    expect(answer.hookSpecificOutput).toMatchObject({
      hookEventName: 'PreToolUse',
      permissionDecision: 'deny',
    });
    expect(answer.hookSpecificOutput.permissionDecisionReason).toContain(
      'a.ts: alice-aaaaaa (prd-a) changes it on its pushed branch',
    );
    const medium = { ...holder, source: 'touches', risk: 'medium' } as const;
    expect(preToolUseAnswer([{ path: 'a.ts', risk: 'medium', holders: [medium] }])).toBe('');
  });
});
