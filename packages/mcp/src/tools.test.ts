import { describe, expect, it } from 'vitest';
import { toolResult } from './server.js';
import { LANES_TOOLS, type ToolName } from './tools.js';

const argv = (name: ToolName, args: Record<string, unknown> = {}) =>
  LANES_TOOLS.find((tool) => tool.name === name)!.argv(args);

describe('the lanes tools', () => {
  it('turn arguments into the CLI argv, values never read as flags', () => {
    expect(argv('status')).toEqual(['status']);
    expect(argv('claim')).toEqual(['claim']);
    expect(argv('claim', { prd: '--force', force: true })).toEqual([
      'claim',
      '--force',
      '--',
      '--force',
    ]);
    expect(argv('heartbeat', { story: 'US-002', completed: ['US-001', 'US-003'] })).toEqual([
      'heartbeat',
      '--story=US-002',
      '--completed=US-001',
      '--completed=US-003',
    ]);
    expect(argv('release', { noWait: true, strategy: 'squash', priority: 'high' })).toEqual([
      'release',
      '--no-wait',
      '--strategy=squash',
      '--priority=high',
    ]);
    expect(argv('abandon', { reason: '--force it', keepBranch: true, prd: 'alpha' })).toEqual([
      'abandon',
      '--reason=--force it',
      '--keep-branch',
      '--',
      'alpha',
    ]);
    expect(argv('check', { paths: ['a.ts', '-b.ts'] })).toEqual(['check', '--', 'a.ts', '-b.ts']);
  });

  it('each tell the agent what to call next, briefly', () => {
    for (const tool of LANES_TOOLS) {
      expect(tool.description.length, tool.name).toBeLessThan(260);
      expect(tool.description, tool.name).toMatch(/Next:|high:/);
    }
  });
});

describe('toolResult', () => {
  it('is the CLI document, structured and as text; an error document is isError', () => {
    expect(toolResult({ prdId: 'prd-a' })).toEqual({
      content: [{ type: 'text', text: '{\n  "prdId": "prd-a"\n}' }],
      structuredContent: { prdId: 'prd-a' },
    });
    const error = { error: { code: 'E_NO_SESSION', message: 'no session' } };
    expect(toolResult(error)).toMatchObject({ isError: true, structuredContent: error });
  });

  it('adds the notes as a second text block, after the document', () => {
    const result = toolResult({ prdId: 'prd-a' }, ['note: one', 'warning: two']);
    expect(result.content).toEqual([
      { type: 'text', text: '{\n  "prdId": "prd-a"\n}' },
      { type: 'text', text: 'note: one\nwarning: two' },
    ]);
    expect(result.structuredContent).toEqual({ prdId: 'prd-a' });
  });

  it('leaves out the notes the document carries already (a release names its own)', () => {
    const released = { status: 'completed', notes: ['could not delete the branch here'] };
    const result = toolResult(released, ['could not delete the branch here', 'note: other']);
    expect(result.content.slice(1)).toEqual([{ type: 'text', text: 'note: other' }]);
    expect(toolResult(released, ['could not delete the branch here']).content).toHaveLength(1);
  });
});
