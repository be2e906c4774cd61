import { describe, expect, it } from 'vitest';
import { StreamRegistry } from './stream-registry.js';

describe('StreamRegistry', () => {
  it('counts open streams and forgets the ones that ended', () => {
    const registry = new StreamRegistry();
    const ended: string[] = [];
    const removeA = registry.register({ end: () => ended.push('a') });
    registry.register({ end: () => ended.push('b') });
    expect(registry.size).toBe(2);
    removeA();
    expect(registry.size).toBe(1);
    expect(ended).toEqual([]);
  });

  it('ends every open stream at shutdown, and a stream registered afterwards at once', () => {
    const registry = new StreamRegistry();
    const ended: string[] = [];
    registry.register({ end: () => ended.push('a') });
    registry.register({ end: () => ended.push('b') });
    registry.endAll();
    expect(ended).toEqual(['a', 'b']);
    expect(registry.size).toBe(0);
    registry.register({ end: () => ended.push('late') });
    expect(ended).toEqual(['a', 'b', 'late']);
    expect(registry.size).toBe(0);
  });
});
