import { setTimeout as pause } from 'node:timers/promises';
import { SUB_RESOURCES } from './bench-server.ts';
import type { Tab } from './cdp-pipe.ts';
import { type Figure, figure, rounded, times } from './figures.ts';
import {
  CALL_WORKLOADS,
  NAVIGATION_TIMING,
  type NavigationTiming,
  type StormResult,
  stormCode,
} from './page-code.ts';
import {
  CONFIGURATION_LABELS,
  type Configuration,
  type ConfigurationName,
  launchConfiguration,
} from './peer-configurations.ts';
import { median, percentile, round } from './stats.ts';

/**
 * Auth Inspector side by side with what people already run all day (issue 15). Every configuration
 * is a browser launched once and kept open; each round runs every configuration on every workload
 * in a shuffled order (a seeded shuffle, so a run can be repeated), and each figure is the median
 * of per-round ratios ÷ no extension, with its interquartile range. Pages are driven over a raw
 * CDP pipe (see cdp-pipe.ts): no Network agent is enabled except in the DevTools configuration.
 *
 * Three page workloads (the same as the rest of `npm run bench`):
 * - load: a page with 200 sub-resources (120 images, 40 stylesheets, 40 scripts, no-store), time to
 *   the load event;
 * - api: 400 fetches with a Bearer JWT, 20 ms server latency, 6 at a time, ¼ answered 401;
 * - storm: 2,000 such fetches, no latency, 20 at a time.
 * CPU per run is the whole browser's (every process, /proc), from opening the tab until the browser
 * has settled after it (so work a configuration defers is counted).
 *
 * Idle: a tab makes 40 credentialed calls (¼ answered 401), stays open, and a minute later the
 * browser's CPU is read over five consecutive 10 s windows, all configurations in the same windows;
 * the figure is the median window (one window is at the mercy of whatever else the machine did in
 * it). Once after the warm-up round and once after the last round.
 */
export type Workload = 'load' | 'api' | 'storm';
export const WORKLOADS: Workload[] = ['load', 'api', 'storm'];
const WORKLOAD_LABELS: Record<Workload, string> = {
  load: 'page load (200 sub-resources)',
  api: 'realistic API (400 calls, 20 ms)',
  storm: 'storm (2,000 calls)',
};

export const PEER_ORDER: ConfigurationName[] = [
  'none',
  'floor',
  'devtools',
  'wappalyzer',
  'privacy-badger',
  'proxy',
  'inspector',
];

export interface PeerOptions {
  rounds: number;
  benchUrl: string;
  demoUrl: string;
  token: string;
  /** Seconds between the idle tab's calls and the idle reading (60 in a full run). */
  idleWaitS: number;
  progress(line: string): void;
  detail(line: string): void;
}

interface Sample {
  ms: number;
  cpuMs: number;
}

type Samples = Record<string, Record<Workload, Sample[]>>;

/** Mulberry32: a small seeded generator, so the order of a run can be told and repeated. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: T[], random: () => number): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

let runCounter = 0;

async function runWorkload(
  workload: Workload,
  configuration: Configuration,
  options: PeerOptions,
  tab: Tab,
): Promise<number> {
  const run = `${configuration.name}-${++runCounter}`;
  if (workload === 'load') {
    await tab.goto(`${options.benchUrl}/page-load?run=${run}`);
    const timing = await tab.evaluate<NavigationTiming>(NAVIGATION_TIMING);
    const total = SUB_RESOURCES.images + SUB_RESOURCES.stylesheets + SUB_RESOURCES.scripts;
    if (timing.resources !== total) throw new Error(`page load fetched ${timing.resources} of ${total}`);
    return timing.load;
  }
  const shape = CALL_WORKLOADS[workload];
  await tab.goto(`${options.demoUrl}/login?bench=${run}`);
  const result = await tab.evaluate<StormResult>(stormCode({ ...shape, token: options.token }));
  const failures = Math.ceil(shape.count / 4);
  if (result.statuses['401'] !== failures || result.statuses['200'] !== shape.count - failures) {
    throw new Error(`${workload} answered ${JSON.stringify(result.statuses)} in ${configuration.name}`);
  }
  return result.ms;
}

/**
 * Waits until the browser has done with a run: less than 5 ms of CPU in a 100 ms window (what an
 * idle browser uses), at most 10 s. A configuration that defers work pays for it here.
 */
async function settle(configuration: Configuration): Promise<void> {
  const deadline = Date.now() + 10_000;
  let before = await configuration.cpu.now();
  while (Date.now() < deadline) {
    await pause(100);
    const now = await configuration.cpu.now();
    if (now - before < 5e6) return;
    before = now;
  }
}

async function measuredRun(
  workload: Workload,
  configuration: Configuration,
  options: PeerOptions,
): Promise<Sample> {
  const cpuBefore = await configuration.cpu.now();
  const tab = await configuration.browser.newTab();
  let ms: number;
  try {
    await configuration.prepareTab(tab);
    ms = await runWorkload(workload, configuration, options, tab);
  } finally {
    await tab.close();
  }
  await settle(configuration);
  const cpuMs = ((await configuration.cpu.now()) - cpuBefore) / 1e6;
  return { ms, cpuMs };
}

/** Consecutive idle windows of 10 s; the reading is their median. */
const IDLE_WINDOWS = 5;
const IDLE_WINDOW_MS = 10_000;

export interface IdleReading {
  /** CPU ms per second, the median of the windows, per configuration. */
  msPerSecond: Record<string, number>;
  /** Every window's CPU ms per second, per configuration. */
  windows: Record<string, number[]>;
}

/** Idle cost: see the module comment. The idle tabs are closed afterwards. */
async function idleReading(configurations: Configuration[], options: PeerOptions): Promise<IdleReading> {
  const tabs: Tab[] = [];
  try {
    for (const configuration of configurations) {
      const tab = await configuration.browser.newTab();
      tabs.push(tab);
      await configuration.prepareTab(tab);
      await tab.goto(`${options.demoUrl}/login?bench=idle-${configuration.name}-${++runCounter}`);
      await tab.evaluate(stormCode({ count: 40, concurrency: 6, query: '', token: options.token }));
    }
    options.progress(
      `idle: waiting ${options.idleWaitS} s, then ${IDLE_WINDOWS} windows of ${IDLE_WINDOW_MS / 1000} s of CPU per browser`,
    );
    await pause(options.idleWaitS * 1000);
    const windows: Record<string, number[]> = {};
    let before = await Promise.all(configurations.map((configuration) => configuration.cpu.now()));
    let started = performance.now();
    for (let window = 0; window < IDLE_WINDOWS; window++) {
      await pause(IDLE_WINDOW_MS);
      const after = await Promise.all(configurations.map((configuration) => configuration.cpu.now()));
      const ended = performance.now();
      const seconds = (ended - started) / 1000;
      configurations.forEach((configuration, index) => {
        const used = ((after[index] as number) - (before[index] as number)) / 1e6;
        const list = windows[configuration.name] ?? [];
        list.push(round(used / seconds, 2));
        windows[configuration.name] = list;
      });
      before = after;
      started = ended;
    }
    return {
      msPerSecond: Object.fromEntries(
        Object.entries(windows).map(([name, values]) => [name, round(median(values), 2)]),
      ),
      windows,
    };
  } finally {
    await Promise.all(tabs.map((tab) => tab.close()));
  }
}

export interface Summary {
  median: number;
  q1: number;
  q3: number;
}

function summary(values: number[]): Summary {
  return {
    median: round(median(values), 3),
    q1: round(percentile(values, 25), 3),
    q3: round(percentile(values, 75), 3),
  };
}

export interface PeerResults {
  seed: number;
  rounds: number;
  configurations: ConfigurationName[];
  /** Per configuration and workload: time ÷ none, CPU ÷ none (per round), and CPU ms per run. */
  ratios: Record<string, Record<Workload, { time: Summary; cpu: Summary; cpuMs: number; ms: number }>>;
  idle: IdleReading[];
  samples: Samples;
}

export async function runPeers(options: PeerOptions): Promise<PeerResults> {
  const names: ConfigurationName[] = [
    ...PEER_ORDER,
    ...(process.env.BENCH_COMPARE ? ['compared' as const] : []),
  ];
  const seed = Number(process.env.BENCH_SEED ?? Date.now() % 1e9);
  const random = seeded(seed);
  const configurations: Configuration[] = [];
  try {
    for (const name of names) {
      options.progress(`launching ${CONFIGURATION_LABELS[name]}`);
      configurations.push(await launchConfiguration(name));
    }
    const samples: Samples = Object.fromEntries(
      names.map((name) => [name, { load: [], api: [], storm: [] }]),
    ) as Samples;
    const idle: IdleReading[] = [];
    const jobs = configurations.flatMap((configuration) =>
      WORKLOADS.map((workload) => ({ configuration, workload })),
    );
    for (let round_ = 0; round_ <= options.rounds; round_++) {
      const started = performance.now();
      for (const { configuration, workload } of shuffled(jobs, random)) {
        const sample = await measuredRun(workload, configuration, options);
        if (round_ > 0) samples[configuration.name]?.[workload].push(sample);
        options.detail(
          `  round ${round_ === 0 ? 'warm-up' : round_} ${configuration.name} ${workload}: ${sample.ms.toFixed(0)} ms, CPU ${sample.cpuMs.toFixed(0)} ms`,
        );
      }
      options.progress(
        `round ${round_ === 0 ? 'warm-up' : `${round_}/${options.rounds}`} done in ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
      if (round_ === 0) idle.push(await idleReading(configurations, options));
    }
    idle.push(await idleReading(configurations, options));
    return {
      seed,
      rounds: options.rounds,
      configurations: names,
      ratios: summarise(samples, names),
      idle,
      samples,
    };
  } finally {
    for (const configuration of configurations) await configuration.close().catch(() => {});
  }
}

function summarise(samples: Samples, names: ConfigurationName[]): PeerResults['ratios'] {
  const none = samples.none as Record<Workload, Sample[]>;
  return Object.fromEntries(
    names.map((name) => {
      const own = samples[name] as Record<Workload, Sample[]>;
      return [
        name,
        Object.fromEntries(
          WORKLOADS.map((workload) => {
            const base = none[workload];
            const runs = own[workload];
            return [
              workload,
              {
                time: summary(runs.map((sample, index) => sample.ms / (base[index] as Sample).ms)),
                cpu: summary(runs.map((sample, index) => sample.cpuMs / (base[index] as Sample).cpuMs)),
                cpuMs: round(median(runs.map((sample) => sample.cpuMs)), 1),
                ms: round(median(runs.map((sample) => sample.ms)), 1),
              },
            ];
          }),
        ),
      ];
    }),
  ) as PeerResults['ratios'];
}

const ratioText = (value: Summary) =>
  `×${value.median.toFixed(2)} (${value.q1.toFixed(2)}–${value.q3.toFixed(2)})`;

/** The peer table, in Markdown (docs/PERFORMANCE.md takes it as it is). */
export function peerTable(results: PeerResults): string {
  const header = [
    'configuration',
    ...WORKLOADS.map((workload) => WORKLOAD_LABELS[workload]),
    'CPU ÷ none (load / API / storm)',
    'CPU ms per run (load / API / storm)',
    'idle CPU ms/s (start / end)',
  ];
  const rows = results.configurations.map((name) => {
    const own = results.ratios[name] as PeerResults['ratios'][string];
    const label = name === 'inspector' ? `**${CONFIGURATION_LABELS[name]}**` : CONFIGURATION_LABELS[name];
    return [
      label,
      ...WORKLOADS.map((workload) => ratioText(own[workload].time)),
      WORKLOADS.map((workload) => `×${own[workload].cpu.median.toFixed(2)}`).join(' / '),
      WORKLOADS.map((workload) => own[workload].cpuMs.toFixed(0)).join(' / '),
      results.idle.map((reading) => (reading.msPerSecond[name] ?? Number.NaN).toFixed(1)).join(' / '),
    ];
  });
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Slack for the idle comparison: what two idle browsers differ by on this machine (see PERFORMANCE.md). */
export const IDLE_SLACK_MS_PER_S = 1;

/**
 * The issue's goals as figures: G1 (≤ the lighter always-on peer, per workload), G2 (idle ≤ the
 * floor, at the start and at the end), both checked; G3 (≤ DevTools open, per workload), reported.
 */
export function peerFigures(results: PeerResults): Figure[] {
  const figures: Figure[] = [];
  const of = (name: ConfigurationName, workload: Workload) =>
    results.ratios[name]?.[workload].time.median ?? Number.NaN;
  for (const workload of WORKLOADS) {
    const lighterPeer = Math.min(of('wappalyzer', workload), of('privacy-badger', workload));
    const value = of('inspector', workload);
    figures.push(
      figure({
        number: `G1 ${workload}`,
        name: `${WORKLOAD_LABELS[workload]} ÷ none, against the lighter always-on peer`,
        value,
        unit: 'ratio',
        text: `${times(value)} (Wappalyzer ${times(of('wappalyzer', workload))}, Privacy Badger ${times(of('privacy-badger', workload))})`,
        budget: { op: '<=', limit: lighterPeer, text: `≤ ${times(lighterPeer)}`, kind: 'timing' },
        method: `median of ${results.rounds} per-round ratios ÷ no extension, same shuffled rounds as the peers`,
        pairs: results.rounds,
      }),
    );
  }
  results.idle.forEach((reading, index) => {
    const floor = reading.msPerSecond.floor ?? Number.NaN;
    const value = reading.msPerSecond.inspector ?? Number.NaN;
    const when = index === 0 ? 'after the warm-up round' : 'after the last round';
    figures.push(
      figure({
        number: `G2 ${index === 0 ? 'start' : 'end'}`,
        name: `Idle CPU ${when}, against the floor extension`,
        value,
        unit: 'ms/s',
        text: `${value.toFixed(1)} ms/s (floor ${floor.toFixed(1)}, none ${(reading.msPerSecond.none ?? Number.NaN).toFixed(1)})`,
        budget: {
          op: '<=',
          limit: floor + IDLE_SLACK_MS_PER_S,
          text: `≤ floor + ${IDLE_SLACK_MS_PER_S} ms/s`,
          kind: 'timing',
        },
        method: `CPU of every process of the browser, median of ${IDLE_WINDOWS} consecutive ${IDLE_WINDOW_MS / 1000} s windows from a minute after its open tab made 40 credentialed calls (¼ answered 401), all browsers in the same windows`,
        extra: { msPerSecond: reading.msPerSecond, windows: reading.windows },
      }),
    );
  });
  for (const workload of WORKLOADS) {
    const devtools = of('devtools', workload);
    const value = of('inspector', workload);
    figures.push(
      figure({
        number: `G3 ${workload}`,
        name: `${WORKLOAD_LABELS[workload]} ÷ none, against DevTools open (moonshot)`,
        value,
        unit: 'ratio',
        text: `${times(value)} (DevTools ${times(devtools)}) ${value <= devtools ? 'reached' : 'not reached'}`,
        method: 'the same rounds as G1',
        pairs: results.rounds,
        samples: { devtools: rounded([devtools]) },
      }),
    );
  }
  return figures;
}
