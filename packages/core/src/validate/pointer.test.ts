import { describe, expect, it } from 'vitest';
import { describePointer, isWithin, joinPointer, pointerSegments, valueAt } from './pointer.js';

describe('JSON pointers', () => {
  it('escape ~ and / in segments and read them back', () => {
    const pointer = joinPointer('', 'a/b', 'c~d', 0);
    expect(pointer).toBe('/a~1b/c~0d/0');
    expect(pointerSegments(pointer)).toEqual(['a/b', 'c~d', '0']);
  });

  it('read as field paths for people', () => {
    expect(describePointer('')).toBe('the document');
    expect(describePointer('/sessions/0/heartbeat')).toBe('sessions[0].heartbeat');
    expect(describePointer('/agents/coordination/shared/1')).toBe('agents.coordination.shared[1]');
    expect(describePointer('/a~1b/my field')).toBe('"a/b"."my field"');
  });

  it('find the value they name, own properties only', () => {
    const doc = { sessions: [{ heartbeat: 'x' }] };
    expect(valueAt(doc, '/sessions/0/heartbeat')).toBe('x');
    expect(valueAt(doc, '/sessions/1/heartbeat')).toBeUndefined();
    expect(valueAt(doc, '/sessions/0/heartbeat/length')).toBeUndefined();
    expect(valueAt(doc, '/constructor')).toBeUndefined();
  });

  it('tell whether one lies inside another', () => {
    expect(isWithin('/a/b', '/a')).toBe(true);
    expect(isWithin('/a', '/a')).toBe(true);
    expect(isWithin('/ab', '/a')).toBe(false);
  });
});
