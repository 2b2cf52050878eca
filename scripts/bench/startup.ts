import type { BenchServer } from './bench-server.ts';
import type { BenchBrowser } from './browsers.ts';
import type { BenchContext } from './context.ts';
import { type Figure, figure, ms, rounded } from './figures.ts';
import { navigate, nextRun } from './page-loads.ts';
import { alternate, median, round } from './stats.ts';

/**
 * Figure 5, the content scripts' start-up at document_start, two ways:
 * - first page script: a page whose first <script> (in <head>) sets a performance mark; the
 *   figure is mark time − responseStart (first HTML byte → first page code), which contains the
 *   injection of both content scripts; with minus without extension, median of per-pair
 *   differences. Navigations are cheap and their timing noisy, so this figure runs 4× the pairs;
 * - trace: a Chrome trace (devtools.timeline, v8) of the same navigation with the extension; the
 *   `EvaluateScript` event of main-world.js (wall `dur`, thread `tdur`), and of isolated.js.
 */
const PAIRS_FACTOR = 4;

interface TraceEvent {
  name: string;
  dur?: number;
  tdur?: number;
  args?: { data?: { url?: string } };
}

interface ScriptCost {
  /** Wall time of the script's EvaluateScript event, ms. */
  wallMs: number[];
  /** Thread (CPU) time of the same event, ms. */
  threadMs: number[];
}

const SCRIPTS = [
  ['mainWorld', '/src/content/main-world.js'],
  ['isolated', '/src/content/isolated.js'],
] as const;

async function tracedContentScripts(
  browser: BenchBrowser,
  server: BenchServer,
  runs: number,
): Promise<Record<'mainWorld' | 'isolated', ScriptCost>> {
  const costs = {
    mainWorld: { wallMs: [] as number[], threadMs: [] as number[] },
    isolated: { wallMs: [] as number[], threadMs: [] as number[] },
  };
  const page = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(page);
  try {
    await navigate(page, `${server.url}/first-script?run=trace-warm-up`);
    for (let run = 0; run < runs; run++) {
      const events: TraceEvent[] = [];
      const collect = (event: { value: object[] }) => events.push(...(event.value as TraceEvent[]));
      cdp.on('Tracing.dataCollected', collect);
      const complete = new Promise<void>((done) => cdp.once('Tracing.tracingComplete', () => done()));
      await cdp.send('Tracing.start', { categories: 'devtools.timeline,v8', transferMode: 'ReportEvents' });
      await navigate(page, `${server.url}/first-script?run=trace-${nextRun()}`);
      await cdp.send('Tracing.end');
      await complete;
      cdp.off('Tracing.dataCollected', collect);
      for (const [key, file] of SCRIPTS) {
        const evaluations = events.filter(
          (event) => event.name === 'EvaluateScript' && event.args?.data?.url?.endsWith(file),
        );
        if (evaluations.length !== 1)
          throw new Error(`trace has ${evaluations.length} evaluations of ${file}`);
        const [evaluation] = evaluations as [TraceEvent];
        costs[key].wallMs.push((evaluation.dur ?? Number.NaN) / 1000);
        costs[key].threadMs.push((evaluation.tdur ?? Number.NaN) / 1000);
      }
    }
    return costs;
  } finally {
    await cdp.detach().catch(() => {});
    await page.close();
  }
}

export async function startupFigures(context: BenchContext): Promise<Figure[]> {
  context.progress('start-up at document_start: first page script, and traced content-script evaluation');
  const { browsers, server } = context;
  const tabs = {
    inspector: await browsers.inspector.context.newPage(),
    plain: await browsers.plain.context.newPage(),
  };
  const sinceNavigation = { inspector: [] as number[], plain: [] as number[] };
  const sinceResponse = await alternate(
    ['inspector', 'plain'] as const,
    context.pairs * PAIRS_FACTOR,
    async (variant, round) => {
      const timing = await navigate(tabs[variant], `${server.url}/first-script?run=${nextRun()}`);
      if (timing.firstScript === null) throw new Error('the first page script did not run');
      if (round >= 0) sinceNavigation[variant].push(timing.firstScript);
      return timing.firstScript - timing.responseStart;
    },
  );
  await tabs.inspector.close();
  await tabs.plain.close();
  const differences = sinceResponse.inspector.map(
    (value, index) => value - (sinceResponse.plain[index] as number),
  );
  const delay = median(differences);

  const traced = await tracedContentScripts(browsers.inspector, server, context.pairs);
  const medians = {
    mainWorldWallMs: median(traced.mainWorld.wallMs),
    mainWorldThreadMs: median(traced.mainWorld.threadMs),
    isolatedWallMs: median(traced.isolated.wallMs),
    isolatedThreadMs: median(traced.isolated.threadMs),
  };
  return [
    figure({
      number: '5b',
      name: 'Start-up: delay to the first page script',
      value: round(delay),
      unit: 'ms',
      text: `${delay >= 0 ? '+' : '−'}${Math.abs(delay).toFixed(2)} ms (${ms(median(sinceResponse.inspector), 2)} vs ${ms(median(sinceResponse.plain), 2)})`,
      method: `first <script> in <head> sets a performance mark; mark time − navigation responseStart (first HTML byte → first page code, which includes injecting both document_start content scripts), with minus without extension, median of per-pair differences (${PAIRS_FACTOR}× the pairs: each is one small navigation)`,
      pairs: differences.length,
      medians: {
        inspectorMs: round(median(sinceResponse.inspector)),
        plainMs: round(median(sinceResponse.plain)),
        inspectorSinceNavigationMs: round(median(sinceNavigation.inspector)),
        plainSinceNavigationMs: round(median(sinceNavigation.plain)),
      },
      samples: {
        inspectorMs: rounded(sinceResponse.inspector),
        plainMs: rounded(sinceResponse.plain),
        differencesMs: rounded(differences),
      },
    }),
    figure({
      number: '5c',
      name: 'Start-up: main-world.js evaluation (trace)',
      value: round(medians.mainWorldWallMs),
      unit: 'ms',
      text: `${ms(medians.mainWorldWallMs, 2)} wall, ${ms(medians.mainWorldThreadMs, 2)} CPU (isolated.js ${ms(medians.isolatedWallMs, 2)} / ${ms(medians.isolatedThreadMs, 2)})`,
      method:
        'Chrome trace (devtools.timeline,v8) of a navigation with the extension: EvaluateScript event of main-world.js, dur (wall) and tdur (thread CPU); isolated.js likewise; median of runs',
      pairs: traced.mainWorld.wallMs.length,
      medians: Object.fromEntries(Object.entries(medians).map(([key, value]) => [key, round(value)])),
      samples: {
        mainWorldWallMs: rounded(traced.mainWorld.wallMs),
        mainWorldThreadMs: rounded(traced.mainWorld.threadMs),
        isolatedWallMs: rounded(traced.isolated.wallMs),
        isolatedThreadMs: rounded(traced.isolated.threadMs),
      },
    }),
  ];
}
