import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import { type DemoServer, startDemoServer } from '../../e2e/support/demo-server.ts';
import { type BenchServer, startBenchServer } from './bench-server.ts';
import { type Browsers, chromiumVersion, closeBrowsers, launchBrowsers } from './browsers.ts';
import { chromiumBinary } from './cdp-pipe.ts';
import { type BenchContext, benchToken } from './context.ts';
import { coreFigures } from './core.ts';
import { warmUpInspector } from './extension-state.ts';
import { FIGURE_ORDER, type Figure, ratioFigure } from './figures.ts';
import { runFirefoxWorkloads } from './firefox-workloads.ts';
import { describeMachine } from './machine.ts';
import { pageLoadFigures } from './page-loads.ts';
import { panelFigures } from './panel.ts';
import { type PeerResults, peerFigures, peerTable, runPeers } from './peers.ts';
import { popupFigures } from './popup.ts';
import { buildInfo, report, writeResults } from './results.ts';
import { sizeFigures } from './sizes.ts';
import { startupFigures } from './startup.ts';
import { apiFigures, stormFigures } from './storms.ts';
import { workerFigures } from './worker-cost.ts';

/**
 * `npm run bench`: Auth Inspector's cost, as one table (and bench/results.json with every sample).
 * Every browser figure compares browsers launched once and kept open (no launch cost anywhere),
 * as the median of BENCH_PAIRS alternated pairs (A,B then B,A; one warm-up pair discarded).
 * `npm run bench -- --check` exits 1 when a timing budget is missed (sizes are reported against
 * their budgets but checked by `npm run size`). Environment: BENCH_PAIRS (default 15; 3 for a
 * quick smoke run), BENCH_VERBOSE=1 (every sample as it comes), BENCH_ONLY=sizes,core,peers,firefox,storm,api,
 * load,startup,worker,popup,panel (some figures only; storm, api and load only when named),
 * BENCH_ROUNDS (peer and Firefox rounds, default 12), BENCH_IDLE_WAIT (s before the idle reading, default 60),
 * BENCH_COMPARE=<unpacked build> (another build of Auth Inspector in the peer table), BENCH_SEED. Needs `npm run build` first (dist/chrome).
 */
const RESULTS = resolve(import.meta.dirname, '../../bench/results.json');
const PAIRS = Math.max(1, Math.floor(Number(process.env.BENCH_PAIRS ?? 15)) || 15);
const CHECK = process.argv.includes('--check');
const VERBOSE = process.env.BENCH_VERBOSE === '1';

/** The browser sections, in the order they run (storms first: no extension page is open yet). */
const BROWSER_SECTIONS = {
  storm: stormFigures,
  api: apiFigures,
  load: pageLoadFigures,
  startup: startupFigures,
  worker: workerFigures,
  popup: popupFigures,
  panel: panelFigures,
} satisfies Record<string, (context: BenchContext) => Promise<Figure[]>>;
const SECTIONS = ['sizes', 'core', 'peers', 'firefox', ...Object.keys(BROWSER_SECTIONS)];
/**
 * The peer comparison times the same three workloads as storm, api and load, with every peer and
 * without Playwright's Network agent; those three stay available by name (report only: the budgets
 * they had, against no extension, were withdrawn in issue 15).
 */
const DEFAULT_SECTIONS = SECTIONS.filter((name) => !['storm', 'api', 'load'].includes(name));
const ONLY = new Set(
  (process.env.BENCH_ONLY ?? DEFAULT_SECTIONS.join(',')).split(',').map((name) => name.trim()),
);
const unknown = [...ONLY].filter((name) => !SECTIONS.includes(name));
if (unknown.length > 0) {
  console.error(`BENCH_ONLY: unknown section ${unknown.join(', ')} (known: ${SECTIONS.join(', ')})`);
  process.exit(2);
}

const started = performance.now();
const progress = (line: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);

/** The peer comparison (issue 15): its own browsers, driven over raw CDP; see peers.ts. */
async function measurePeers(figures: Figure[]): Promise<PeerResults> {
  const demo = await startDemoServer();
  const server = await startBenchServer();
  try {
    const rounds = peerRounds();
    progress(`peers: ${rounds} counted rounds, every configuration on every workload, shuffled`);
    const results = await runPeers({
      rounds,
      benchUrl: server.url,
      demoUrl: demo.url,
      token: benchToken(),
      idleWaitS: Math.max(0, Number(process.env.BENCH_IDLE_WAIT ?? 60)),
      progress,
      detail: (line) => {
        if (VERBOSE) progress(line);
      },
    });
    figures.push(...peerFigures(results));
    return results;
  } finally {
    await demo.close();
    await server.close();
  }
}

const peerRounds = () => Math.max(1, Math.floor(Number(process.env.BENCH_ROUNDS ?? 12)) || 12);

/** Firefox ESR with and without Auth Inspector on the same three workloads: report only. */
async function measureFirefox(figures: Figure[]): Promise<void> {
  const demo = await startDemoServer();
  const server = await startBenchServer();
  try {
    const rounds = peerRounds();
    progress(`Firefox ESR: ${rounds} counted rounds, with and without Auth Inspector`);
    const results = await runFirefoxWorkloads({
      rounds,
      benchUrl: server.url,
      demoUrl: demo.url,
      token: benchToken(),
      progress,
    });
    for (const result of results) {
      figures.push(
        ratioFigure(
          {
            number: `F ${result.workload}`,
            name: `Firefox ESR: ${result.workload === 'load' ? 'page load (200 sub-resources)' : result.workload === 'api' ? 'realistic API (400 calls, 20 ms)' : 'storm (2,000 calls)'} ÷ no extension`,
            method:
              'the same page code as the Chromium workloads, puppeteer-core over WebDriver BiDi with its network events off; both Firefox instances kept open, shuffled rounds; report only',
          },
          { label: 'withMs', samples: result.withMs },
          { label: 'withoutMs', samples: result.withoutMs },
        ),
      );
    }
  } finally {
    await demo.close();
    await server.close();
  }
}

/** The version of the Chromium binary the peer bench launched ("Chromium 156.0.8078.114"). */
function binaryVersion(): string | undefined {
  try {
    return /Chromium [\d.]+/.exec(execFileSync(chromiumBinary(), ['--version'], { encoding: 'utf8' }))?.[0];
  } catch {
    return undefined;
  }
}

/** Runs the chosen sections into `figures`; returns the Chromium version, when browsers ran. */
async function measure(figures: Figure[], peers: { results?: PeerResults }): Promise<string | undefined> {
  if (ONLY.has('sizes')) figures.push(...sizeFigures());
  // Before the browsers start, so that nothing else shares the CPU with it.
  if (ONLY.has('core')) {
    progress('core throughput (esbuild bundle, separate process)');
    figures.push(...(await coreFigures(PAIRS)));
  }
  if (ONLY.has('peers')) peers.results = await measurePeers(figures);
  if (ONLY.has('firefox')) await measureFirefox(figures);
  const sections = Object.entries(BROWSER_SECTIONS).filter(([name]) => ONLY.has(name));
  if (sections.length === 0) return ONLY.has('peers') ? binaryVersion() : undefined;

  let browsers: Browsers | undefined;
  let demo: DemoServer | undefined;
  let server: BenchServer | undefined;
  try {
    demo = await startDemoServer();
    server = await startBenchServer();
    progress('launching Chromium ×3 (Auth Inspector, floor extension, no extension), kept open for the run');
    browsers = await launchBrowsers();
    const token = benchToken();
    await warmUpInspector(browsers.inspector, demo, token);
    await pause(1_000);
    const context: BenchContext = {
      browsers,
      demo,
      server,
      pairs: PAIRS,
      token,
      progress,
      detail: (line) => {
        if (VERBOSE) progress(line);
      },
    };
    for (const [, run] of sections) figures.push(...(await run(context)));
    return chromiumVersion(browsers.inspector.context);
  } finally {
    if (browsers) await closeBrowsers(browsers);
    await demo?.close();
    await server?.close();
  }
}

async function main(): Promise<void> {
  const loads = loadavg().map((value) => value.toFixed(2));
  progress(`${PAIRS} pairs per timing figure${CHECK ? ', --check' : ''}; load average ${loads.join(' ')}`);
  const machine = describeMachine();
  const figures: Figure[] = [];
  const peers: { results?: PeerResults } = {};
  machine.chromium = (await measure(figures, peers)) ?? 'not launched';
  machine.loadAverageAtEnd = loadavg().map((value) => Number(value.toFixed(2)));
  figures.sort((a, b) => FIGURE_ORDER.indexOf(a.number) - FIGURE_ORDER.indexOf(b.number));
  const results = {
    machine,
    build: await buildInfo(),
    pairs: PAIRS,
    durationS: Math.round((performance.now() - started) / 1000),
    check: CHECK,
    figures,
    ...(peers.results ? { peers: peers.results } : {}),
  };
  await writeResults(RESULTS, results);
  console.log(report(results));
  if (peers.results)
    console.log(
      `\nSide by side (time ÷ no extension, median and interquartile range):\n${peerTable(peers.results)}`,
    );
  const missed = figures.filter((item) => item.outcome === 'FAIL');
  if (CHECK && missed.length > 0) {
    console.error(`timing budget missed: ${missed.map((item) => `${item.number} ${item.name}`).join('; ')}`);
    process.exitCode = 1;
  }
}

await main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
