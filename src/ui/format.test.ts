import { describe, expect, it } from 'vitest';
import { claimText, clip, hostAndPath } from './format.ts';
import { hasHiddenCharacters } from './visible-text.tsx';

describe('what the UI shows of page-controlled text', () => {
  it('clips long text and says how much is left out, never splitting a surrogate pair', () => {
    expect(clip('abc', 3)).toBe('abc');
    expect(clip('a'.repeat(5000), 100)).toBe(`${'a'.repeat(100)}… 4,900 more characters`);
    expect(clip(`${'a'.repeat(99)}😀tail`, 100)).toBe(`${'a'.repeat(99)}… 6 more characters`);
    expect(hostAndPath(`https://api.example.com/${'p'.repeat(100_000)}?q=1`).length).toBeLessThan(400);
    expect(hostAndPath('javascript:alert(1)')).toBe('alert(1)');
  });

  it('writes any claim as bounded text, even one nested 10,000 levels deep', () => {
    const deep = JSON.parse(`${'['.repeat(10_000)}1${']'.repeat(10_000)}`) as unknown;
    const text = claimText(deep);
    expect(text.startsWith('[[[[')).toBe(true);
    expect(text).toContain('… (cut: longer or more deeply nested than shown)');
    expect(text.length).toBeLessThan(2100);
    expect(claimText({ a: [1, 'x'] })).toBe('{"a":[1,"x"]}');
    expect(claimText('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });

  it('finds the characters a reader cannot see', () => {
    const hidden = [
      '\u0000',
      '\u001b',
      '\u0085',
      '\u009f',
      '\u00ad',
      '\u061c',
      '\u200b',
      '\u202e',
      '\u2028',
      '\u2060',
      '\u2067',
      '\ufeff',
      String.fromCodePoint(0xe0041),
      '\ud800',
      '\udc00',
    ];
    for (const char of hidden)
      expect(hasHiddenCharacters(`a${char}b`), char.codePointAt(0)?.toString(16)).toBe(true);
    for (const text of ['plain', 'über', '日本語', '😀', 'line\nbreak\ttab'])
      expect(hasHiddenCharacters(text)).toBe(false);
  });
});
