import { performance } from 'node:perf_hooks';
import { coreWorkloads, type Workload } from './bench/core-workload.ts';

/**
 * `npm run bench:core`: exchanges diagnosed per second on the mixed real-world corpus, next to
 * bare jwt-decode on the tokens of the same exchanges. The goal (issue 3): at least a third of
 * jwt-decode's rate. `--check` exits 1 when the ratio is below that.
 * The script is bundled with esbuild first, like the extension's code, so the figure is not that
 * of a development loader's transformed code. (`npm run bench` measures the same workloads in
 * alternated windows: scripts/bench/core-runner.ts.)
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);

const { engine: engineWorkload, decoder: decoderWorkload } = coreWorkloads();

function rate({ label, items, run }: Workload): number {
  for (let warm = 0; warm < 3; warm++) run();
  let rounds = 0;
  const started = performance.now();
  while (performance.now() - started < SECONDS * 1000) {
    run();
    rounds++;
  }
  const perSecond = (rounds * items) / ((performance.now() - started) / 1000);
  console.log(`${label.padEnd(34)} ${Math.round(perSecond).toLocaleString('en').padStart(12)} /s`);
  return perSecond;
}

console.log(
  `Corpus: ${engineWorkload.items} exchanges, ${decoderWorkload.items} Authorization tokens; ${SECONDS} s per figure\n`,
);
const engine = rate(engineWorkload);
const decoder = rate(decoderWorkload);
const ratio = engine / decoder;
console.log(`\nratio: ${ratio.toFixed(2)} of jwt-decode's rate (goal ≥ 0.33)`);
if (process.argv.includes('--check') && ratio < 1 / 3) process.exitCode = 1;
