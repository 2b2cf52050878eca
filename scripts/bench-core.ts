import { performance } from 'node:perf_hooks';
import { jwtDecode } from 'jwt-decode';
import { diagnose } from '../src/core/diagnose.ts';
import { CORPUS } from '../test/fixtures/corpus.ts';
import { FIXTURE_NOW, fixtureExchange } from '../test/fixtures/fixture.ts';

/**
 * `npm run bench:core`: exchanges diagnosed per second on the mixed real-world corpus, next to
 * bare jwt-decode on the tokens of the same exchanges. The goal (issue 3): at least a third of
 * jwt-decode's rate. `--check` exits 1 when the ratio is below that.
 * The script is bundled with esbuild first, like the extension's code, so the figure is not that
 * of a development loader's transformed code.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);

const cases = CORPUS.map((fixture) => {
  const { exchange, history } = fixtureExchange(fixture);
  return { exchange, history: [...history, exchange], pageTokens: fixture.pageTokens ?? [] };
});
const tokens = cases.flatMap(({ exchange }) =>
  exchange.requestHeaders
    .filter((header) => header.name === 'authorization')
    .map((header) => header.value.replace(/^\S+\s+/, '')),
);

function rate(label: string, items: number, run: () => void): number {
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
  `Corpus: ${cases.length} exchanges, ${tokens.length} Authorization tokens; ${SECONDS} s per figure\n`,
);
const engine = rate('diagnose (full engine)', cases.length, () => {
  for (const item of cases)
    diagnose(item.exchange, { now: FIXTURE_NOW, history: item.history, pageTokens: item.pageTokens });
});
const decoder = rate('jwt-decode (header + payload)', tokens.length, () => {
  for (const token of tokens) {
    try {
      jwtDecode(token, { header: true });
      jwtDecode(token);
    } catch {
      // Non-JWT and malformed tokens cost jwt-decode an exception, as they would in a real tool.
    }
  }
});
const ratio = engine / decoder;
console.log(`\nratio: ${ratio.toFixed(2)} of jwt-decode's rate (goal ≥ 0.33)`);
if (process.argv.includes('--check') && ratio < 1 / 3) process.exitCode = 1;
