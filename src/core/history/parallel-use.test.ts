import { describe, expect, it } from 'vitest';
import { findParallelUse, PARALLEL_WINDOW_MS } from './parallel-use.ts';

const uses = (sequence: string, everyMs = 10_000, from = 0) =>
  [...sequence].map((fingerprint, index) => ({ fingerprint, at: from + index * everyMs }));

describe('findParallelUse', () => {
  it('finds A B A B and spans the interleaved stretch', () => {
    expect(findParallelUse(uses('AABABBA'))).toEqual([
      { from: 10_000, to: 60_000, fingerprints: ['A', 'B'] },
    ]);
  });

  it('does not count a plain hand-over or a single return', () => {
    expect(findParallelUse(uses('AAABBB'))).toEqual([]);
    expect(findParallelUse(uses('AABAA'))).toEqual([]);
  });

  it('needs the four alternating uses within five minutes', () => {
    const spread = PARALLEL_WINDOW_MS / 2;
    expect(findParallelUse(uses('ABAB', spread))).toEqual([]);
    expect(findParallelUse(uses('ABAB', spread / 2))).toHaveLength(1);
  });

  it('sees through a third credential in between and merges overlapping stretches', () => {
    expect(findParallelUse(uses('ACBCABC'))).toEqual([
      { from: 0, to: 60_000, fingerprints: ['A', 'C', 'B'] },
    ]);
  });

  it('keeps stretches apart when the interleaving stops in between', () => {
    const early = uses('ABAB');
    const late = uses('CDCD', 10_000, 3_600_000);
    expect(findParallelUse([...early, ...late]).map((use) => use.fingerprints)).toEqual([
      ['A', 'B'],
      ['C', 'D'],
    ]);
  });

  it('stays fast when every use is a different credential (SigV4 signs each request)', () => {
    const distinct = Array.from({ length: 20_000 }, (_, index) => ({ fingerprint: `k${index}`, at: index }));
    const started = performance.now();
    expect(findParallelUse(distinct)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
