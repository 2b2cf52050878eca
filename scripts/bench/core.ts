import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { type Figure, figure, rounded } from './figures.ts';
import { median, ratios, round } from './stats.ts';

/**
 * Figure 9, core throughput: exchanges diagnosed per second by the full engine vs bare jwt-decode
 * on the same corpus (the workloads of `npm run bench:core`), bundled with esbuild like the
 * extension's code and run in a separate Node process, in alternated windows.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const OUTFILE = resolve(ROOT, '.tmp/bench-core-runner.mjs');

export interface CoreFigures {
  exchanges: number;
  tokens: number;
  windowMs: number;
  samples: { engine: number[]; decoder: number[] };
}

export async function measureCore(pairs: number): Promise<CoreFigures> {
  await build({
    entryPoints: [resolve(import.meta.dirname, 'core-runner.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
    outfile: OUTFILE,
  });
  const { stdout } = await promisify(execFile)(process.execPath, [OUTFILE], {
    cwd: ROOT,
    env: { ...process.env, BENCH_PAIRS_CORE: String(pairs) },
    maxBuffer: 1 << 20,
  });
  const last = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as CoreFigures;
}

export async function coreFigures(pairs: number): Promise<Figure[]> {
  const core = await measureCore(pairs);
  const perPair = ratios(core.samples.engine, core.samples.decoder);
  const value = median(perPair);
  const engine = median(core.samples.engine);
  const decoder = median(core.samples.decoder);
  return [
    figure({
      number: '9',
      name: 'Core throughput vs bare jwt-decode',
      value: round(value, 4),
      unit: 'ratio',
      text: `${value.toFixed(2)} (${Math.round(engine).toLocaleString('en')} vs ${Math.round(decoder).toLocaleString('en')} /s)`,
      budget: { op: '>=', limit: 1 / 3, text: '≥ 0.33', kind: 'timing' },
      method: `npm run bench:core's workloads (${core.exchanges} corpus exchanges diagnosed / ${core.tokens} tokens decoded), esbuild-bundled, separate Node process, alternated ${core.windowMs} ms windows, median of per-pair ratios`,
      pairs: perPair.length,
      medians: { enginePerSecond: round(engine), decoderPerSecond: round(decoder) },
      samples: {
        enginePerSecond: rounded(core.samples.engine),
        decoderPerSecond: rounded(core.samples.decoder),
        ratios: rounded(perPair, 4),
      },
    }),
  ];
}
