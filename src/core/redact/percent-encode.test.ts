import { describe, expect, it } from 'vitest';
import { percentEncode } from './percent-encode.ts';

describe('percentEncode', () => {
  it('encodes as encodeURIComponent does', () => {
    for (const text of ['a b/c?d=e&f', 'ü€😀', '', "!'()*-._~"])
      expect(percentEncode(text)).toBe(encodeURIComponent(text));
  });

  it('never throws on lone surrogate halves, which become U+FFFD as a browser would send them', () => {
    expect(() => encodeURIComponent('a\ud800b')).toThrow(URIError);
    expect(percentEncode('a\ud800b')).toBe('a%EF%BF%BDb');
    expect(percentEncode('\udc00x\ud83d')).toBe('%EF%BF%BDx%EF%BF%BD');
    expect(percentEncode('\ud83d\ude00')).toBe('%F0%9F%98%80');
  });
});
