/** Small statistics for the benchmark: medians and percentiles of raw samples. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Nearest-rank percentile (p in 0..100), as e2e/panel.spec.ts reads its p95. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] as number;
}

export const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

/**
 * Runs every variant once per round, in the listed order on even rounds and reversed on odd ones
 * (A,B then B,A), so a slow drift of the machine weighs on every variant alike. One extra round is
 * run first and discarded: it warms the JIT, the connections and the server.
 */
export async function alternate<V extends string>(
  variants: readonly V[],
  rounds: number,
  run: (variant: V, round: number) => Promise<number>,
): Promise<Record<V, number[]>> {
  const samples = Object.fromEntries(variants.map((variant) => [variant, [] as number[]])) as Record<
    V,
    number[]
  >;
  for (let index = -1; index < rounds; index++) {
    const order = index % 2 === 0 || index < 0 ? variants : [...variants].reverse();
    for (const variant of order) {
      const value = await run(variant, index);
      if (index >= 0) samples[variant].push(value);
    }
  }
  return samples;
}

/** Per-round ratios a[i] / b[i]: each pair ran back to back, so drift cancels within it. */
export function ratios(numerators: readonly number[], denominators: readonly number[]): number[] {
  return numerators.map((value, index) => value / (denominators[index] as number));
}
