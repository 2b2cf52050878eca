/**
 * The Chromium figures' page workloads (page load, realistic API, storm; see page-loads.ts and
 * storms.ts) in Firefox ESR, with Auth Inspector (dist/firefox as a temporary add-on) and without
 * any extension. Report only, no budget: Firefox runs the background as an event page and
 * dispatches webRequest events differently, so its cost is shown next to Chromium's, not held to
 * Chromium's budgets. Both Firefox instances stay open for the whole run; each round runs every
 * workload in both, in a shuffled order, so a drift of the (shared) machine weighs on all alike.
 * Page code is passed as strings (see page-code.ts) and every figure is timed by the page itself.
 * As in storms.ts, a storm with the add-on is followed by a wait until it has recorded every failure,
 * so a backlog never spills into the next sample (that wait is reported, not counted).
 */

import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { waitFor } from '../../e2e/support/wait-for.ts';
import { FIREFOX_BUILD, firefoxPath } from '../../e2e-firefox/support/firefox.ts';
import { GECKO_ID } from '../manifest-for.ts';
import { SUB_RESOURCES } from './bench-server.ts';
import {
  CALL_WORKLOADS,
  NAVIGATION_TIMING,
  type NavigationTiming,
  type StormResult,
  stormCode,
} from './page-code.ts';

export interface FirefoxWorkloadResult {
  workload: 'load' | 'api' | 'storm';
  /** Auth Inspector loaded, one per counted round. */
  withMs: number[];
  /** No extension, same rounds. */
  withoutMs: number[];
}

type Workload = FirefoxWorkloadResult['workload'];
type Side = 'with' | 'without';

const WORKLOADS: readonly Workload[] = ['load', 'api', 'storm'];
const TOTAL = SUB_RESOURCES.images + SUB_RESOURCES.stylesheets + SUB_RESOURCES.scripts;
const STORMS = CALL_WORKLOADS;

interface Sides {
  with: Browser;
  /** `moz-extension://<uuid>/` of Auth Inspector in the `with` browser. */
  baseUrl: string;
  without: Browser;
  /** One tab per browser for the page loads, navigated to a new URL each run (as page-loads.ts). */
  loadTabs: Record<Side, Page>;
}

interface Run {
  ms: number;
  /** With Auth Inspector, after a storm: ms until the background had recorded every request. */
  drainMs?: number;
}

let runCounter = 0;

/**
 * Firefox ESR, headless, in a fresh profile, launched as e2e-firefox/support/firefox.ts does (same
 * switch, same prefs, the add-on's moz-extension UUID chosen up front), with one difference that
 * matters here: `networkEnabled: false`. Puppeteer otherwise subscribes to WebDriver BiDi's network
 * events, and Firefox's remote agent then observes every request: measured here, that alone made a
 * 2000-call storm about 3× slower (~4 s → ~12–17 s) and the 200-resource page load 2–3× slower,
 * burying the add-on's cost under the harness's. Nothing here needs puppeteer's request objects.
 * Both browsers are launched alike; only `with` gets the add-on.
 */
async function launch(uuid: string): Promise<Browser> {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    networkEnabled: false,
    // Lets BiDi navigate to moz-extension:// (for the page that asks what the add-on recorded).
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
      'extensions.webextOptionalPermissionPrompts': false,
    },
  });
}

async function installInspector(browser: Browser): Promise<void> {
  const id = await browser.installExtension(FIREFOX_BUILD);
  if (id !== GECKO_ID) throw new Error(`installed add-on ${id}, expected ${GECKO_ID}`);
}

/**
 * Failures the background has recorded for the tab showing `url` (successes are sampled while
 * network capture is off for the tab, so only failures can be counted on), or -1 while no tab has
 * that URL; evaluated in one of the extension's pages, since
 * Firefox's background cannot be evaluated (shared/BROWSER-TESTING.md).
 */
const recordedCode = (url: string): string => `(async () => {
  const tabs = await browser.tabs.query({});
  const tab = tabs.find((candidate) => candidate.url === ${JSON.stringify(url)});
  if (!tab) return -1;
  const key = 'tab:' + tab.id;
  const history = (await browser.storage.session.get(key))[key];
  return history ? history.failureCount : 0;
})()`;

/**
 * Waits until the background has recorded `count` failures of the tab on `url`. The extension page
 * that asks is opened for this and closed after, so no extension page is open during a timed run
 * (an open one would receive the background's change notices, which a real page's calls don't cause).
 */
async function waitRecorded(
  sides: Pick<Sides, 'with' | 'baseUrl'>,
  url: string,
  count: number,
  timeoutMs: number,
): Promise<number> {
  // An extension page on a tab id that never exists: an empty popup that stays quiet (as
  // e2e-firefox's FirefoxInspector uses it). Firefox reports no load event to BiDi for
  // moz-extension documents, so the page's own readiness is polled.
  const probe = await sides.with.newPage();
  try {
    await probe.goto(new URL('src/popup/index.html?tab=0', sides.baseUrl).href, { waitUntil: [] });
    await probe.waitForFunction(() => document.readyState === 'complete', { timeout: 10_000 });
    return await waitFor(
      async () => {
        const recorded = (await probe.evaluate(recordedCode(url))) as number;
        return recorded >= count ? recorded : undefined;
      },
      `Auth Inspector to record ${count} failures of ${url}`,
      timeoutMs,
    );
  } finally {
    await probe.close();
  }
}

/**
 * The add-on's background starts after `installExtension` returns and may miss the first requests
 * (as in Chromium): one credentialed call, repeated until the background has recorded one, before
 * the warm-up round.
 */
async function warmUpInspector(
  sides: Pick<Sides, 'with' | 'baseUrl'>,
  demoUrl: string,
  token: string,
): Promise<void> {
  const page = await sides.with.newPage();
  try {
    const url = `${demoUrl}/login?bench=firefox-warm-up`;
    await page.goto(url);
    for (let attempt = 1; ; attempt++) {
      await page.evaluate(stormCode({ count: 1, concurrency: 1, query: '', token }));
      try {
        await waitRecorded(sides, url, 1, 2_000);
        return;
      } catch (error) {
        if (attempt >= 10) throw error;
      }
    }
  } finally {
    await page.close();
  }
}

async function runLoad(page: Page, benchUrl: string, side: Side): Promise<Run> {
  await page.goto(`${benchUrl}/page-load?run=firefox-${side}-${++runCounter}`, { waitUntil: 'load' });
  const timing = (await page.evaluate(NAVIGATION_TIMING)) as NavigationTiming;
  if (timing.resources !== TOTAL) {
    throw new Error(`Firefox page load fetched ${timing.resources} of ${TOTAL} sub-resources`);
  }
  return { ms: timing.load };
}

async function runStorm(
  sides: Sides,
  side: Side,
  workload: 'api' | 'storm',
  demoUrl: string,
  token: string,
): Promise<Run> {
  const options = { ...STORMS[workload], token };
  const page = await sides[side].newPage();
  try {
    const url = `${demoUrl}/login?bench=firefox-${workload}-${side}-${++runCounter}`;
    await page.goto(url);
    const result = (await page.evaluate(stormCode(options))) as StormResult;
    const failures = Math.ceil(options.count / 4);
    if (result.statuses['401'] !== failures || result.statuses['200'] !== options.count - failures) {
      throw new Error(
        `Firefox ${workload} answered ${JSON.stringify(result.statuses)}, expected ${failures} × 401`,
      );
    }
    if (side === 'without') return { ms: result.ms };
    // As in storms.ts: the next run starts once this one's requests are all recorded, so a backlog
    // in the background never spills into the next sample.
    const started = performance.now();
    await waitRecorded(sides, url, failures, 120_000);
    return { ms: result.ms, drainMs: performance.now() - started };
  } finally {
    await page.close();
  }
}

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(Math.random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

export async function runFirefoxWorkloads(options: {
  /** Counted rounds (plus one discarded warm-up round). */
  rounds: number;
  /** Origin of the bench server (startBenchServer): /page-load?run=N. */
  benchUrl: string;
  /** Origin of the demo server (startDemoServer): the /login page and /api/load. */
  demoUrl: string;
  /** The JWT every API call sends as `Authorization: Bearer`. */
  token: string;
  progress: (line: string) => void;
}): Promise<FirefoxWorkloadResult[]> {
  const { rounds, benchUrl, demoUrl, token, progress } = options;
  const results = WORKLOADS.map(
    (workload): FirefoxWorkloadResult => ({ workload, withMs: [], withoutMs: [] }),
  );
  if (!existsSync(resolve(FIREFOX_BUILD, 'manifest.json'))) {
    throw new Error(`No extension at ${FIREFOX_BUILD}: run \`npm run build\` first.`);
  }
  const uuid = randomUUID();
  let withInspector: Browser | undefined;
  let without: Browser | undefined;
  try {
    progress(`firefox: ${firefoxPath()}, with Auth Inspector and without, ${rounds} rounds + 1 warm-up`);
    withInspector = await launch(uuid);
    await installInspector(withInspector);
    without = await launch(randomUUID());
    const sides: Sides = {
      with: withInspector,
      baseUrl: `moz-extension://${uuid}/`,
      without,
      loadTabs: { with: await withInspector.newPage(), without: await without.newPage() },
    };
    await warmUpInspector(sides, demoUrl, token);
    const tasks = WORKLOADS.flatMap((workload) =>
      (['with', 'without'] as const).map((side) => ({ workload, side })),
    );
    for (let round = -1; round < rounds; round++) {
      const started = performance.now();
      for (const { workload, side } of shuffled(tasks)) {
        const run =
          workload === 'load'
            ? await runLoad(sides.loadTabs[side], benchUrl, side)
            : await runStorm(sides, side, workload, demoUrl, token);
        // Let a closed storm tab's teardown (and, with the add-on, the removal of its history) finish.
        await pause(200);
        const drain = run.drainMs === undefined ? '' : ` (recorded ${run.drainMs.toFixed(0)} ms later)`;
        progress(
          `  round ${round < 0 ? 'warm-up' : round + 1} ${workload} ${side}: ${run.ms.toFixed(1)} ms${drain}`,
        );
        const result = results.find((candidate) => candidate.workload === workload);
        if (round >= 0 && result) (side === 'with' ? result.withMs : result.withoutMs).push(run.ms);
      }
      progress(
        `  round ${round < 0 ? 'warm-up' : round + 1} took ${(performance.now() - started).toFixed(0)} ms`,
      );
    }
    return results;
  } finally {
    await Promise.allSettled([withInspector?.close(), without?.close()]);
  }
}
