import { execFile } from 'node:child_process';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { promisify } from 'node:util';
import { type Figure, table } from './figures.ts';
import type { Machine } from './machine.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

export interface BuildInfo {
  distBuiltAt: string;
  gitHead: string;
  srcUncommitted: boolean;
}

/** Which build was measured: dist/chrome's age, and the commit the working tree is at. */
export async function buildInfo(): Promise<BuildInfo> {
  const distBuiltAt = await stat(resolve(ROOT, 'dist/chrome/manifest.json')).then(
    (info) => info.mtime.toISOString(),
    () => 'no build',
  );
  const gitHead = await run('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).then(
    ({ stdout }) => stdout.trim(),
    () => 'unknown',
  );
  const status = await run('git', ['status', '--porcelain', '--', 'src', 'manifest.json', 'vite.config.ts'], {
    cwd: ROOT,
  }).then(
    ({ stdout }) => stdout.trim(),
    () => '',
  );
  return { distBuiltAt, gitHead, srcUncommitted: status !== '' };
}

export interface Results {
  machine: Machine;
  build: BuildInfo;
  pairs: number;
  durationS: number;
  check: boolean;
  figures: Figure[];
  /** The peer comparison's samples and summaries (peers.ts), when it ran. */
  peers?: unknown;
}

/** Writes results.json in the repository formatter's style (it may be checked in). */
export async function writeResults(path: string, results: Results): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(results, null, 2)}\n`);
  await run(resolve(ROOT, 'node_modules/.bin/biome'), ['format', '--write', path], { cwd: ROOT }).catch(
    (error: unknown) => console.error(`could not format ${path}: ${String(error)}`),
  );
}

export function report({ machine, build, pairs, durationS, figures }: Results): string {
  return [
    '',
    `Auth Inspector benchmark — ${machine.date}`,
    `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB; Chromium ${machine.chromium}; Node ${machine.node}`,
    `dist/chrome built ${build.distBuiltAt}; working tree at ${build.gitHead}${build.srcUncommitted ? ' with uncommitted changes in src/' : ''}`,
    `${pairs} alternated pairs per timing figure (median; warm-up pair discarded); load average ${machine.loadAverageAtStart.join(' ')} at start, ${(machine.loadAverageAtEnd ?? []).join(' ')} at end; ${durationS} s`,
    '',
    table(figures),
    '',
    'Ratios are medians of per-pair ratios (with Auth Inspector ÷ baseline). FAIL: timing budget missed (--check exits 1);',
    'OVER: size budget exceeded (sizes are checked by `npm run size`, not by --check). Samples: bench/results.json',
  ].join('\n');
}
