import { describe, expect, it } from 'vitest';
import { BLOCK_END, BLOCK_START, withAgentsBlock, withoutAgentsBlock } from './agents-block.js';

const lanes = "node '/opt/lanes.js'";
const add = (content: string | undefined) => withAgentsBlock(content, lanes, '/opt/lanes.js');

describe('the AGENTS.md block', () => {
  it('is appended after a blank line, replaced in place, and removed exactly', () => {
    for (const original of ['# Agents', '# Agents\n', '# Agents\n\n', '']) {
      const added = add(original);
      expect(added).toContain(BLOCK_START);
      expect(added).toContain(BLOCK_END);
      expect(add(added)).toBe(added);
      expect(withoutAgentsBlock(added)).toBe(original);
    }
  });

  it('keeps what the user wrote after the block, and deletes a file lanes created', () => {
    const added = `${add('# Top\n')}## Later\n`;
    expect(withoutAgentsBlock(added)).toBe('# Top\n## Later\n');
    expect(withoutAgentsBlock(add(undefined))).toBeNull();
    expect(withoutAgentsBlock('# nothing of lanes\n')).toBe('# nothing of lanes\n');
  });
});
