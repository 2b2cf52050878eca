import { type BrowserContext, test as base, expect, type Page } from '@playwright/test';
import { FETCH_CASES } from './compat/fetch-cases.ts';
import { IDENTITY_CASES } from './compat/identity-cases.ts';
import { PAGE_PATCH_CASES } from './compat/page-patch-cases.ts';
import { XHR_CASES } from './compat/xhr-cases.ts';
import {
  type ExtensionBrowser,
  launchPlainChromium,
  launchWithExtension,
  type PlainBrowser,
} from './support/chromium.ts';
import {
  type CaseArgs,
  type Compat,
  type CompatCase,
  installCompatHelpers,
  type PageCase,
} from './support/compat-page.ts';
import { type CompatServer, startCompatServer } from './support/compat-server.ts';
import { Inspector } from './support/inspector.ts';
import { waitFor } from './support/wait-for.ts';

/**
 * The page-world observer must be invisible to pages. Each case runs the same page code in a
 * Chromium without the extension and in one with it, and the two results must be deeply equal.
 * Results hold only what does not change from run to run: no timings, no Date header (the server
 * sends none), chunk and progress-event counts collapsed (the network decides them), and no
 * per-run ids (each run gets its own `nonce`, used only to talk to the server).
 *
 * Known, accepted differences, not compared:
 * - `Function.prototype.toString` of `fetch` and of the three wrapped XMLHttpRequest methods shows
 *   the wrapper's source rather than `[native code]` (so does the message V8 writes when one is
 *   used as a constructor through Reflect.construct). main-world.ts does not disguise it, and
 *   e2e/page-transparency.spec.ts asserts that fetch is wrapped.
 * - On a response it looks at (an auth failure, a small JSON 200) the observer reads `init.method`
 *   and `init.headers` once more after the browser did, so getters on an init object run again;
 *   and it calls Response.prototype.clone and ReadableStream.prototype.getReader, which a page
 *   that patched them would see (the 50 MB 401 test counts exactly these calls).
 * - An error thrown by the page's own listener during a synchronous XHR send() has the wrapper's
 *   send() frame in the middle of its stack; errors fetch and XHR themselves raise do not (tested).
 */

interface WorkerFixtures {
  servers: { a: CompatServer; b: CompatServer };
  browsers: { plain: PlainBrowser; extension: ExtensionBrowser };
  /** The tab each browser runs every case in, navigated afresh for each (a new document each time). */
  tabs: { plain: Page; extension: Page };
  inspector: Inspector;
}

const test = base.extend<object, WorkerFixtures>({
  servers: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature
    async ({}, use) => {
      const [a, b] = await Promise.all([startCompatServer(), startCompatServer()]);
      await use({ a, b });
      await Promise.all([a.close(), b.close()]);
    },
    { scope: 'worker' },
  ],
  // Both browsers stay open for the whole file: launching per test would dominate its time.
  browsers: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature
    async ({}, use) => {
      const [plain, extension] = await Promise.all([
        launchPlainChromium(),
        launchWithExtension({ headless: true }),
      ]);
      await use({ plain, extension });
      await Promise.all([plain.close(), extension.close()]);
    },
    { scope: 'worker', timeout: 30_000 },
  ],
  inspector: [
    async ({ browsers }, use) => {
      await use(new Inspector(browsers.extension));
    },
    { scope: 'worker' },
  ],
  tabs: [
    async ({ browsers, servers, inspector }, use) => {
      const [plain, extension] = await Promise.all([
        browsers.plain.context.newPage(),
        browsers.extension.context.newPage(),
      ]);
      await warmUp(extension, servers.a, inspector);
      await use({ plain, extension });
    },
    { scope: 'worker', timeout: 30_000 },
  ],
});

/**
 * Right after install the worker's webRequest listeners can miss the first requests
 * (shared/BROWSER-TESTING.md): as e2e/support/warm-up.ts does for the demo server, send failing
 * requests until one is recorded.
 */
async function warmUp(tab: Page, server: CompatServer, inspector: Inspector): Promise<void> {
  await tab.goto(`${server.url}/page?warm-up`);
  const tabId = await inspector.tabIdOf(tab);
  await waitFor(
    async () => {
      // Errors are not the warm-up's business: a broken observer must fail the cases, not the fixture.
      await tab.evaluate(() =>
        fetch('/text?status=401')
          .then((response) => response.text())
          .catch(() => undefined),
      );
      const recorded = (await inspector.history(tabId))?.exchanges.length ?? 0;
      return recorded > 0 ? true : undefined;
    },
    'the extension to record a warm-up request',
    20_000,
  );
}

/** A fresh document for the case, with the recording helpers; its URL names the case. */
async function openCase(tab: Page, server: CompatServer, name: string): Promise<Page> {
  await tab.goto(`${server.url}/page?case=${encodeURIComponent(name)}`);
  await tab.evaluate(installCompatHelpers);
  return tab;
}

/** Runs the case's own source in the page, handing it the helpers and this run's arguments. */
function runInPage(page: Page, run: PageCase, args: CaseArgs): Promise<unknown> {
  return page.evaluate(
    ([source, value]) => {
      const compat = (window as unknown as { compat: Compat }).compat;
      const pageCase = new Function(`return (${source})`)() as PageCase;
      return pageCase(compat, value);
    },
    [run.toString(), args] as const,
  );
}

function argsFor(servers: WorkerFixtures['servers'], nonce: string): CaseArgs {
  return { a: servers.a.url, b: servers.b.url, refused: 'http://127.0.0.1:1', nonce };
}

const CASES: Record<string, CompatCase> = {
  ...FETCH_CASES,
  ...XHR_CASES,
  ...IDENTITY_CASES,
  ...PAGE_PATCH_CASES,
};

for (const [name, compatCase] of Object.entries(CASES)) {
  test(name, async ({ servers, tabs, inspector }) => {
    const [plainPage, extensionPage] = await Promise.all([
      openCase(tabs.plain, servers.a, name),
      openCase(tabs.extension, servers.a, name),
    ]);
    if (compatCase.recorded) {
      // Only this run's records count (a repeated test reuses the tab).
      await inspector.clearHistory(await inspector.tabIdOf(extensionPage));
    }
    const [withoutExtension, withExtension] = await Promise.all([
      runInPage(plainPage, compatCase.run, argsFor(servers, 'plain')),
      runInPage(extensionPage, compatCase.run, argsFor(servers, 'extension')),
    ]);
    if (compatCase.plain !== undefined) {
      expect(withoutExtension).toMatchObject(compatCase.plain as Record<string, unknown>);
    }
    expect(withExtension).toEqual(withoutExtension);
    if (compatCase.recorded) {
      const tabId = await inspector.tabIdOf(extensionPage);
      await compatCase.recorded(async () => (await inspector.history(tabId))?.exchanges ?? []);
    }
  });
}

interface Download {
  /** Bytes and reads through the page's own reader. */
  total: number;
  chunked: boolean;
  /**
   * Calls anyone made to Response.prototype.clone, to ReadableStream.prototype.getReader and tee,
   * and to ReadableStreamDefaultReader.prototype.cancel.
   */
  calls: { clone: number; getReader: number; tee: number; cancel: number };
}

interface Measured {
  result: Download;
  /** V8 heap growth over the download (Performance.getMetrics JSHeapUsedSize; no GC at the end). */
  heapGrowth: number;
  /** Time the page took to read it all, in ms (varies run to run: bounded, never compared equal). */
  readerMs: number;
}

/**
 * The page downloads `url` through its own reader, with spies on the prototype methods the
 * observer uses to read a body: it calls them through the prototype, so the spies count its calls
 * as well as the page's.
 */
async function download(
  context: BrowserContext,
  tab: Page,
  server: CompatServer,
  url: string,
): Promise<Measured> {
  const page = await openCase(tab, server, `download ${url}`);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const heapUsed = async () =>
    (await cdp.send('Performance.getMetrics')).metrics.find((metric) => metric.name === 'JSHeapUsedSize')
      ?.value ?? Number.NaN;
  await cdp.send('HeapProfiler.collectGarbage');
  const heapBefore = await heapUsed();
  const { readerMs, ...result } = await page.evaluate(async (address) => {
    const calls = { clone: 0, getReader: 0, tee: 0, cancel: 0 };
    const spy = <T extends object>(target: T, name: keyof T & keyof typeof calls) => {
      const original = target[name] as (...args: unknown[]) => unknown;
      Object.assign(target, {
        [name](this: unknown, ...args: unknown[]) {
          calls[name]++;
          return original.apply(this, args);
        },
      });
    };
    spy(Response.prototype, 'clone');
    spy(ReadableStream.prototype, 'getReader');
    spy(ReadableStream.prototype, 'tee');
    spy(ReadableStreamDefaultReader.prototype, 'cancel');
    const started = performance.now();
    const response = await fetch(address);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let chunks = 0;
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { total, chunked: chunks > 1, calls, readerMs: performance.now() - started };
      chunks++;
      total += value.byteLength;
    }
  }, url);
  const heapGrowth = (await heapUsed()) - heapBefore;
  await cdp.detach();
  return { result, heapGrowth, readerMs };
}

/** One arrayBuffer() download of `url`, timed in the page. */
async function bufferTime(tab: Page, url: string): Promise<{ length: number; ms: number }> {
  return tab.evaluate(async (address) => {
    const started = performance.now();
    const length = (await (await fetch(address)).arrayBuffer()).byteLength;
    return { length, ms: performance.now() - started };
  }, url);
}

const MB = 1024 * 1024;

function figures(measured: Measured) {
  return { readerMs: Math.round(measured.readerMs), heapGrowthMB: +(measured.heapGrowth / MB).toFixed(3) };
}

test('a 50 MB download: the same bytes, never cloned or read by the observer, similar heap and time', async ({
  servers,
  browsers,
  tabs,
}) => {
  const url = (id: string) => `${servers.a.url}/big?status=200&mb=50&run=${id}`;
  // One after the other, so that neither download slows the other down.
  const plain = await download(browsers.plain.context, tabs.plain, servers.a, url('plain'));
  const extension = await download(browsers.extension.context, tabs.extension, servers.a, url('extension'));
  expect(plain.result).toEqual({
    total: 50 * MB,
    chunked: true,
    calls: { clone: 0, getReader: 1, tee: 0, cancel: 0 },
  });
  // No clone, tee or reader but the page's own: the observer never touched this body.
  expect(extension.result).toEqual(plain.result);
  // arrayBuffer() downloads, alternating between the browsers; the fastest of each counts
  // (timings vary run to run: bounded, never compared equal).
  const times = { plain: Number.POSITIVE_INFINITY, extension: Number.POSITIVE_INFINITY };
  for (let round = 0; round < 3; round++) {
    for (const side of ['plain', 'extension'] as const) {
      const { length, ms } = await bufferTime(tabs[side], url(`${side}-${round}`));
      expect(length).toBe(50 * MB);
      times[side] = Math.min(times[side], ms);
    }
  }
  test.info().annotations.push({
    type: '50 MB download',
    description: JSON.stringify({
      plain: { ...figures(plain), arrayBufferMs: Math.round(times.plain) },
      extension: { ...figures(extension), arrayBufferMs: Math.round(times.extension) },
    }),
  });
  // Generous bounds: the observer adds nothing per byte, so only noise separates the two runs.
  expect(extension.heapGrowth - plain.heapGrowth).toBeLessThan(10 * MB);
  expect(times.extension).toBeLessThan(1.5 * times.plain + 100);
});

test('a 50 MB 401: the page reads all of it, the extension records at most 64 KB of it', async ({
  servers,
  browsers,
  tabs,
  inspector,
}) => {
  // A URL of its own, so that only this run's records count (a repeated test reuses the tab).
  const run = crypto.randomUUID();
  const url = (id: string) => `${servers.a.url}/big?status=401&mb=50&run=${id}-${run}`;
  const plain = await download(browsers.plain.context, tabs.plain, servers.a, url('plain'));
  const extension = await download(browsers.extension.context, tabs.extension, servers.a, url('extension'));
  expect(plain.result).toEqual({
    total: 50 * MB,
    chunked: true,
    calls: { clone: 0, getReader: 1, tee: 0, cancel: 0 },
  });
  // The page got the same bytes. The observer's clone, its reader and its cancel at the 64 KB cap
  // show in the spies: which also proves that they would have caught a clone of the 200 above.
  expect(extension.result).toEqual({ ...plain.result, calls: { clone: 1, getReader: 2, tee: 0, cancel: 1 } });
  test.info().annotations.push({
    type: '50 MB 401',
    description: JSON.stringify({ plain: figures(plain), extension: figures(extension) }),
  });
  // The observer reads its clone up to the cap and cancels it: it keeps 64 K characters, no more.
  expect(extension.heapGrowth - plain.heapGrowth).toBeLessThan(10 * MB);
  const tabId = await inspector.tabIdOf(tabs.extension);
  const recorded = async () =>
    ((await inspector.history(tabId))?.exchanges ?? [])
      .filter((exchange) => exchange.url === url('extension') && exchange.responseBody)
      .map((exchange) => ({
        length: exchange.responseBody?.text.length,
        truncated: exchange.responseBody?.truncated,
      }));
  await expect.poll(recorded).toEqual([{ length: 64 * 1024, truncated: true }]);
});
