import { describe, expect, it } from 'vitest';
import { transportableJson } from './transportable-json.ts';

describe('transportableJson', () => {
  it('keeps ordinary claims as they are', () => {
    const payload = {
      sub: 'user-1',
      exp: 1_800_000_000,
      scp: ['read', 'write'],
      nested: { a: [1, { b: null }] },
    };
    expect(transportableJson(payload)).toEqual(payload);
  });

  it('cuts members nested deeper than the limit, so the message can be sent', () => {
    const deep = JSON.parse(`{"sub":"u","deep":${'['.repeat(10_000)}"bottom"${']'.repeat(10_000)}}`);
    // Four levels written: the claims object and three arrays.
    const copied = transportableJson(deep, 4);
    expect(copied.sub).toBe('u');
    expect(JSON.stringify(copied.deep)).toBe('[[["[…]"]]]');
    expect(() => JSON.stringify(transportableJson(deep))).not.toThrow();
  });

  it('writes an infinity as text instead of letting it become null', () => {
    expect(transportableJson(JSON.parse('{"exp":1e999,"nbf":-1e999}'))).toEqual({
      exp: 'Infinity',
      nbf: '-Infinity',
    });
  });

  it('keeps a claim named __proto__ as a claim and pollutes nothing', () => {
    const copied = transportableJson(JSON.parse('{"__proto__":{"polluted":true},"sub":"u"}'));
    expect(Object.getPrototypeOf(copied)).toBe(Object.prototype);
    expect(Object.keys(copied)).toEqual(['__proto__', 'sub']);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
