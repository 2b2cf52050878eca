import { expect } from 'vitest';
import type { WwwAuthenticate } from './parse-www-authenticate.ts';

export function expectWellFormed(r: WwwAuthenticate): void {
  expect(Array.isArray(r.challenges)).toBe(true);
  expect(r.challenges.length).toBeLessThanOrEqual(20);
  for (const c of r.challenges) {
    expect(c.scheme.length).toBeGreaterThan(0);
    expect(c.schemeKey).toBe(c.scheme.toLowerCase());
    expect(Object.keys(c.params).length).toBeLessThanOrEqual(50);
  }
  expect(r.problems.every((p) => typeof p === 'string')).toBe(true);
  expect(r.problems.length).toBeLessThanOrEqual(51);
  expect(typeof r.truncated).toBe('boolean');
}

/** Deterministic PRNG (mulberry32) so the fuzz-ish tests are reproducible. */
export function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Plain-object view of the result, so null-prototype params compare with toEqual literals. */
export function plain(r: WwwAuthenticate) {
  return r.challenges.map((c) => ({
    scheme: c.scheme,
    schemeKey: c.schemeKey,
    ...(c.token68 === undefined ? {} : { token68: c.token68 }),
    params: { ...c.params },
  }));
}

/** Invariants every result must satisfy, whatever the input. */
