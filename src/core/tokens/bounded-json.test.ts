import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedJson } from './bounded-json.ts';
import { claimText } from './claim-text.ts';

const DEEP = 10_000;

describe('boundedJson', () => {
  it('writes what JSON.stringify writes for JSON values within its bounds', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom(0, 2), (value, indent) => {
        const expected = JSON.stringify(value, null, indent);
        expect(boundedJson(value, { maxChars: 1_000_000, indent })).toEqual({
          text: expected,
          truncated: false,
        });
      }),
      { numRuns: 500, seed: 11 },
    );
  });

  it('cuts at maxChars and says so', () => {
    const result = boundedJson({ name: 'x'.repeat(1000), list: [1, 2, 3] }, { maxChars: 50 });
    expect(result.text).toHaveLength(50);
    expect(result.text.startsWith('{"name":"xxx')).toBe(true);
    expect(result.truncated).toBe(true);
    expect(boundedJson('x'.repeat(10), { maxChars: 12 })).toEqual({
      text: `"${'x'.repeat(10)}"`,
      truncated: false,
    });
    expect(boundedJson('x'.repeat(11), { maxChars: 12 }).truncated).toBe(true);
  });

  it('writes a claim nested 10,000 levels deep, on which JSON.stringify overflows the stack', () => {
    const arrays = JSON.parse(`${'['.repeat(DEEP)}"bottom"${']'.repeat(DEEP)}`) as unknown;
    const objects = JSON.parse(`${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`) as unknown;
    expect(() => JSON.stringify(arrays)).toThrow(RangeError);
    const deepArrays = boundedJson(arrays, { maxChars: 10_000, maxDepth: 4 });
    expect(deepArrays).toEqual({ text: '[[[[[…]]]]]', truncated: true });
    const deepObjects = boundedJson(objects, { maxChars: 10_000 });
    expect(deepObjects.truncated).toBe(true);
    expect(deepObjects.text).toBe(`${'{"a":'.repeat(32)}{…}${'}'.repeat(32)}`);
    expect(claimText(arrays)).toMatch(/^\[\[\[.*…$/);
  });

  it('shows non-finite numbers as they are, an own __proto__ key as a key, and runs no getter', () => {
    const parsed = JSON.parse('{"__proto__":{"polluted":1},"exp":1e999,"iat":-1e999}') as object;
    expect(boundedJson(parsed, { maxChars: 200 }).text).toBe(
      '{"__proto__":{"polluted":1},"exp":Infinity,"iat":-Infinity}',
    );
    let ran = false;
    const withGetter = Object.defineProperty({}, 'x', {
      enumerable: true,
      get: () => {
        ran = true;
        return 1;
      },
    });
    expect(boundedJson(withGetter, { maxChars: 100 }).text).toBe('{"x":undefined}');
    expect(ran).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
