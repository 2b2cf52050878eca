import { setTimeout as pause } from 'node:timers/promises';
import type { DemoServer } from '../../e2e/support/demo-server.ts';
import type { BenchBrowser, Browsers, Variant } from './browsers.ts';
import type { BenchContext } from './context.ts';
import { armNetworkCapture, tabIdOf, waitRecorded } from './extension-state.ts';
import { type Figure, ratioFigure, rounded } from './figures.ts';
import { type StormOptions, type StormResult, stormCode } from './page-code.ts';
import { alternate, median, round } from './stats.ts';

/**
 * API storms from a page (figures 1–3): `count` fetch calls to the demo server's /api/load, every
 * fourth answered 401 with a WWW-Authenticate challenge and a small JSON body, each carrying
 * `Authorization: Bearer <JWT>`. The page times itself (performance.now around the calls), so
 * Playwright's round trips are not in the figure. Each run has a fresh tab, closed afterwards.
 * With Auth Inspector, the next run starts only once the worker has recorded every request of
 * this one, so a backlog never spills into the next sample (that drain time is kept apart).
 */
export interface StormRun {
  ms: number;
  /** Auth Inspector only: ms after the page finished until the worker had recorded everything. */
  drainMs?: number;
}

let runCounter = 0;

export async function runStorm(
  browser: BenchBrowser,
  demo: DemoServer,
  options: StormOptions,
): Promise<StormRun> {
  const page = await browser.context.newPage();
  try {
    const url = `${demo.url}/login?bench=storm-${browser.variant}-${++runCounter}`;
    await page.goto(url);
    const tabId = browser.variant === 'inspector' ? await tabIdOf(browser, url) : undefined;
    // Network capture on, as once the popup or panel has been opened: the worker's whole path.
    if (tabId !== undefined) await armNetworkCapture(browser, tabId);
    const result = (await page.evaluate(stormCode(options))) as StormResult;
    const failures = Math.ceil(options.count / 4);
    if (result.statuses['401'] !== failures || result.statuses['200'] !== options.count - failures) {
      throw new Error(`storm answered ${JSON.stringify(result.statuses)}, expected ${failures} × 401`);
    }
    const run: StormRun = { ms: result.ms };
    if (tabId !== undefined) {
      const recorded = await waitRecorded(browser, tabId, options.count);
      if (!recorded.complete) {
        throw new Error(`the worker recorded ${recorded.summary.recorded} of ${options.count} requests`);
      }
      run.drainMs = recorded.ms;
    }
    return run;
  } finally {
    await page.close();
    // Let the tab's teardown (and, with the extension, the removal of its history) finish.
    await pause(200);
  }
}

export interface AlternatedStorm {
  samples: Record<string, number[]>;
  drainMs: number[];
}

export async function alternatedStorms<V extends Variant>(
  browsers: Browsers,
  demo: DemoServer,
  variants: readonly V[],
  pairs: number,
  options: StormOptions,
  log: (line: string) => void,
): Promise<AlternatedStorm> {
  const drainMs: number[] = [];
  const samples = await alternate(variants, pairs, async (variant, round) => {
    const run = await runStorm(browsers[variant], demo, options);
    if (round >= 0 && run.drainMs !== undefined) drainMs.push(run.drainMs);
    log(`  round ${round < 0 ? 'warm-up' : round + 1} ${variant}: ${run.ms.toFixed(0)} ms`);
    return run.ms;
  });
  return { samples, drainMs };
}

const STORM = { count: 2000, concurrency: 20 } as const;
const API = { count: 400, concurrency: 6, latencyMs: 20 } as const;

const drainOf = (drainMs: number[]) => ({
  workerDrainAfterPageMs: { median: round(median(drainMs)), samples: rounded(drainMs) },
});

/** Figures 1 and 2: one series of rounds (Auth Inspector, floor, none; reversed every other round). */
export async function stormFigures(context: BenchContext): Promise<Figure[]> {
  context.progress(`storm: ${STORM.count} fetches, ${STORM.concurrency} at a time, ¼ answered 401`);
  const storm = await alternatedStorms(
    context.browsers,
    context.demo,
    ['inspector', 'floor', 'plain'] as const,
    context.pairs,
    { ...STORM, query: '', token: context.token },
    context.detail,
  );
  const method = `page-timed (performance.now) ${STORM.count} fetch calls to the demo server's /api/load, ${STORM.concurrency} in flight from the page (Chromium sends ≤ 6 at once per host over HTTP/1.1), every 4th answered 401 + WWW-Authenticate + small JSON body, all with Authorization: Bearer <HS256 JWT>; fresh tab per run; rounds run Auth Inspector, floor, none, order reversed every other round; with Auth Inspector the next run waits until the worker has recorded every request`;
  const inspector = { label: 'inspectorMs', samples: storm.samples.inspector ?? [] };
  return [
    ratioFigure(
      {
        number: '1',
        name: 'Storm over the floor extension',
        method,
        extra: drainOf(storm.drainMs),
      },
      inspector,
      { label: 'floorMs', samples: storm.samples.floor ?? [] },
    ),
    ratioFigure({ number: '2', name: 'Storm over no extension', method }, inspector, {
      label: 'plainMs',
      samples: storm.samples.plain ?? [],
    }),
  ];
}

/**
 * Figure 3: an SPA's calls to a server with latency, against no extension. The floor extension runs
 * in the same rounds (3f): what any webRequest design pays on this figure before its own listeners.
 */
export async function apiFigures(context: BenchContext): Promise<Figure[]> {
  context.progress(
    `realistic API: ${API.count} fetches, ${API.latencyMs} ms server latency, ${API.concurrency} at a time`,
  );
  const api = await alternatedStorms(
    context.browsers,
    context.demo,
    ['inspector', 'floor', 'plain'] as const,
    context.pairs,
    {
      count: API.count,
      concurrency: API.concurrency,
      query: `&delay=${API.latencyMs}`,
      token: context.token,
    },
    context.detail,
  );
  const plain = { label: 'plainMs', samples: api.samples.plain ?? [] };
  return [
    ratioFigure(
      {
        number: '3',
        name: `Realistic API (${API.count} calls, ${API.latencyMs} ms, ${API.concurrency} concurrent)`,
        method: `page-timed ${API.count} fetch calls to /api/load?delay=${API.latencyMs} (server answers after ${API.latencyMs} ms), ${API.concurrency} in flight (Chromium's per-host HTTP/1.1 connection limit, which an SPA's parallel calls meet), ¼ answered 401, Bearer JWT on each; rounds run Auth Inspector, floor, none, order reversed every other round`,
        extra: drainOf(api.drainMs),
      },
      { label: 'inspectorMs', samples: api.samples.inspector ?? [] },
      plain,
    ),
    ratioFigure(
      {
        number: '3f',
        name: 'Realistic API: floor extension ÷ no extension',
        method:
          'the same rounds as figure 3: the floor extension (webRequest and <all_urls> held, no listener) ÷ no extension',
      },
      { label: 'floorMs', samples: api.samples.floor ?? [] },
      plain,
    ),
  ];
}
