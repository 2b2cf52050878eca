import { describe, expect, it } from 'vitest';
import { parseWwwAuthenticate } from './parse-www-authenticate.ts';
import { expectWellFormed, plain, rng } from './www-authenticate-test-helpers.ts';

describe('parseWwwAuthenticate: messy and hostile input', () => {
  it('reports an unterminated quoted string and keeps what it read', () => {
    // A dropped quote re-pairs the rest: best effort, but it must not throw and must say something.
    const r = parseWwwAuthenticate('Bearer realm="example, error="x');
    expect(plain(r)).toEqual([
      { scheme: 'Bearer', schemeKey: 'bearer', params: { realm: 'example, error=' } },
      { scheme: 'x', schemeKey: 'x', params: {} },
    ]);
    expect(r.problems).toEqual(['missing comma at offset 30 in Bearer challenge']);
    const r2 = parseWwwAuthenticate('Bearer realm="abc');
    expect(r2.challenges[0]?.params).toEqual({ realm: 'abc' });
    expect(r2.problems).toEqual(['unterminated quoted string in Bearer challenge']);
  });

  it('handles a trailing backslash inside a quoted string', () => {
    const r = parseWwwAuthenticate('Bearer realm="a\\');
    expect(plain(r)).toEqual([{ scheme: 'Bearer', schemeKey: 'bearer', params: { realm: 'a' } }]);
    expect(r.problems).toEqual(['unterminated quoted string in Bearer challenge']);
  });

  it('handles a lone "=", commas only, empty and whitespace-only input', () => {
    const lone = parseWwwAuthenticate('=');
    expect(lone.challenges).toEqual([]);
    expect(lone.problems).toEqual([
      'unexpected "=" at offset 0 before any challenge; skipped to the next comma',
      'no challenges found',
    ]);
    for (const input of [',,,', '', '   \t ']) {
      const r = parseWwwAuthenticate(input);
      expect(r).toEqual({ challenges: [], problems: ['no challenges found'], truncated: false });
    }
    expect(parseWwwAuthenticate([])).toEqual({
      challenges: [],
      problems: ['no challenges found'],
      truncated: false,
    });
  });

  it('survives 100k random characters and truncates to 16 KiB', () => {
    const next = rng(42);
    const alphabet = 'abcXYZ019 \t,="\\\'/:;+-._~!#ü€\u0000';
    let input = '';
    for (let k = 0; k < 100_000; k++) input += alphabet[Math.floor(next() * alphabet.length)];
    const r = parseWwwAuthenticate(input);
    expectWellFormed(r);
    expect(r.truncated).toBe(true);
    expect(r.problems[0]).toBe('input longer than 16384 characters was truncated before parsing');
  });

  it('survives 50,000 commas, quotes or "=" signs', () => {
    for (const ch of [',', '"', '=']) {
      const r = parseWwwAuthenticate(ch.repeat(50_000));
      expectWellFormed(r);
      expect(r.truncated).toBe(true);
      expect(r.challenges).toEqual([]);
    }
  });

  // Linear parsing takes about 1 ms here; a quadratic scan of 16 KiB takes seconds. The bound is
  // loose so a busy CI machine cannot fail it, and still catches catastrophic backtracking.
  it('parses 16 KiB of adversarial input in under 500 ms', () => {
    const inputs = [
      'Bearer '.repeat(2400),
      'a=,'.repeat(5500),
      `Bearer ${'a'.repeat(16_000)}=b`,
      `Bearer ${'Y'.repeat(8000)}${'='.repeat(8000)}x`,
      `Bearer x="${'\\"'.repeat(8000)}`,
      `Bearer ${'a=b '.repeat(4000)}`,
      ` ${' '.repeat(16_000)}Basic`,
    ];
    parseWwwAuthenticate(inputs[0] ?? ''); // warm up the JIT so we time the parser, not compilation
    for (const input of inputs) {
      const started = performance.now();
      const r = parseWwwAuthenticate(input);
      const elapsed = performance.now() - started;
      expectWellFormed(r);
      expect(elapsed).toBeLessThan(500);
    }
  });

  it('stores __proto__ and constructor as plain data without polluting prototypes', () => {
    const r = parseWwwAuthenticate('Bearer __proto__="x", constructor="y", toString="z"');
    const params = r.challenges[0]?.params;
    expect(params).toBeDefined();
    // An own data property, not the prototype accessor.
    expect(Object.getOwnPropertyDescriptor(params, '__proto__')?.value).toBe('x');
    expect(Object.getPrototypeOf(params)).toBeNull();
    expect(params?.constructor).toBe('y');
    expect(params?.tostring).toBe('z');
    expect(Object.keys(params ?? {})).toEqual(['__proto__', 'constructor', 'tostring']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(r.problems).toEqual([]);
  });

  it('caps challenges at 20 and params at 50', () => {
    const many = parseWwwAuthenticate(Array.from({ length: 25 }, (_, k) => `S${k}`).join(', '));
    expect(many.challenges).toHaveLength(20);
    expect(many.challenges[19]?.scheme).toBe('S19');
    expect(many.problems).toEqual(['more than 20 challenges; the rest were ignored']);

    const wide = parseWwwAuthenticate(`Bearer ${Array.from({ length: 60 }, (_, k) => `p${k}=v`).join(', ')}`);
    expect(Object.keys(wide.challenges[0]?.params ?? {})).toHaveLength(50);
    expect(wide.challenges[0]?.params.p49).toBe('v');
    expect(wide.challenges[0]?.params.p50).toBeUndefined();
    expect(wide.problems).toEqual(['more than 50 auth-params in Bearer challenge; the rest were ignored']);
  });

  it('never returns more than 50 problems plus a marker', () => {
    const r = parseWwwAuthenticate(`Bearer ${'a=b, a=c, '.repeat(200)}`);
    expect(r.problems).toHaveLength(51);
    expect(r.problems[50]).toBe('further problems omitted');
  });
});
