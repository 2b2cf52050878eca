import { performance } from 'node:perf_hooks';
import { coreWorkloads, type Workload } from './core-workload.ts';

/**
 * Entry point bundled by scripts/bench/core.ts with esbuild (as the extension's code is bundled)
 * and run in its own Node process: measures the engine and jwt-decode in alternated windows of
 * BENCH_CORE_WINDOW_MS each (engine, decoder, then decoder, engine, ...) and prints the rates as
 * JSON on the last line of stdout.
 */
const pairs = Number(process.env.BENCH_PAIRS_CORE ?? 15);
const windowMs = Number(process.env.BENCH_CORE_WINDOW_MS ?? 500);
const { engine, decoder } = coreWorkloads();

function rate({ items, run }: Workload): number {
  let rounds = 0;
  const started = performance.now();
  while (performance.now() - started < windowMs) {
    run();
    rounds++;
  }
  return (rounds * items) / ((performance.now() - started) / 1000);
}

for (let warm = 0; warm < 3; warm++) {
  engine.run();
  decoder.run();
}
const samples = { engine: [] as number[], decoder: [] as number[] };
// One discarded pair first, then `pairs` alternated pairs.
for (let index = -1; index < pairs; index++) {
  const order =
    index % 2 === 0 || index < 0 ? (['engine', 'decoder'] as const) : (['decoder', 'engine'] as const);
  for (const name of order) {
    const value = rate(name === 'engine' ? engine : decoder);
    if (index >= 0) samples[name].push(value);
  }
}
console.log(JSON.stringify({ exchanges: engine.items, tokens: decoder.items, windowMs, samples }));
