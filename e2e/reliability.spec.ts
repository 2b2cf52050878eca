import { expect, type Page, test } from '@playwright/test';
import type { TabHistory } from '../src/core/history/tab-history.ts';
import { type ExtensionBrowser, launchWithExtension } from './support/chromium.ts';
import { type DemoServer, startDemoServer } from './support/demo-server.ts';
import { ExtensionErrors } from './support/extension-errors.ts';
import { Inspector } from './support/inspector.ts';
import { warmUp } from './support/warm-up.ts';

/**
 * Never lose a failure: a worker stopped mid-burst, a request storm, many tabs at once, and a
 * session storage that refuses writes. One browser in developer mode for the whole file, so the
 * worker's runtime errors are collected and must stay empty.
 */

let server: DemoServer;
let browser: ExtensionBrowser;
let inspector: Inspector;
let errors: ExtensionErrors;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(60_000);
  server = await startDemoServer();
  browser = await launchWithExtension({ headless: true, developerMode: true });
  errors = await ExtensionErrors.start(browser);
  await warmUp(browser, server);
  inspector = new Inspector(browser);
});

test.afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test.afterEach(async () => {
  expect(await errors.runtimeErrors()).toEqual([]);
});

async function openApp(label: string): Promise<{ page: Page; tabId: number }> {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/?${label}`);
  return { page, tabId: await inspector.tabIdOf(page) };
}

/** Page code: `count` fetches of /api/load, `concurrency` at a time; returns status counts and mismatches. */
interface LoadRun {
  count: number;
  concurrency: number;
  query: string;
  token: string;
}
interface LoadResult {
  statuses: Record<string, number>;
  /** Answers whose body did not name the request's own index: the page got someone else's. */
  mismatched: number;
  ms: number;
}
function runLoad(page: Page, run: LoadRun): Promise<LoadResult> {
  return page.evaluate(async ({ count, concurrency, query, token }) => {
    const statuses: Record<string, number> = {};
    let mismatched = 0;
    let next = 0;
    const started = performance.now();
    const progress = window as unknown as { loadDone: number };
    progress.loadDone = 0;
    const worker = async () => {
      while (next < count) {
        const index = next++;
        const response = await fetch(`/api/load?i=${index}&${query}`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        const body = (await response.json()) as { i?: number };
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        if (body.i !== index) mismatched++;
        progress.loadDone++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return { statuses, mismatched, ms: performance.now() - started };
  }, run);
}

function loadDone(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { loadDone?: number }).loadDone ?? 0);
}

function indexOf(url: string): number {
  return Number(new URL(url).searchParams.get('i'));
}

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJsb2FkLXRlc3QiLCJleHAiOjQxMDI0NDQ4MDB9.c2lnbmF0dXJlLW5vdC1jaGVja2Vk';

test('the worker stopped twice during a burst of failures loses none and doubles none', async () => {
  const { page, tabId } = await openApp('burst');
  const total = 120;
  const burst = runLoad(page, { count: total, concurrency: 4, query: 'fail=all&delay=40', token: JWT });

  const stoppedAt: number[] = [];
  for (const threshold of [20, 70]) {
    await expect.poll(() => loadDone(page), { timeout: 20_000 }).toBeGreaterThanOrEqual(threshold);
    await inspector.stopWorker();
    stoppedAt.push(await loadDone(page));
  }
  const result = await burst;
  // The stops really fell inside the burst.
  for (const done of stoppedAt) expect(done).toBeLessThan(total);
  expect(result).toMatchObject({ statuses: { 401: total }, mismatched: 0 });

  await expect
    .poll(async () => (await inspector.history(tabId))?.failureCount, { timeout: 15_000 })
    .toBe(total);
  const history = (await inspector.history(tabId)) as TabHistory;
  const indices = history.exchanges.map((exchange) => indexOf(exchange.url)).sort((a, b) => a - b);
  expect(indices).toEqual(Array.from({ length: total }, (_, index) => index));
  // Every record has the credential it carried, from the network view or the page's.
  for (const exchange of history.exchanges) {
    expect(exchange.requestHeaders.some((header) => header.name === 'authorization')).toBe(true);
  }
  const burstFigures = `${total} failures sent, worker stopped after ${stoppedAt.join(' and ')}; kept ${history.failureCount}`;
  test.info().annotations.push({ type: 'burst', description: burstFigures });
  console.log(`burst: ${burstFigures}`);

  const popup = await inspector.openPopup(tabId);
  await expect(popup.getByTestId('failure-count')).toHaveText(`${total} failures`);
  await popup.close();
  const panel = await inspector.openPanel(tabId);
  await expect(panel.getByTestId('row-count')).toHaveText(`${total} requests`);
  await panel.close();
  await page.close();
});

test('a storm of 10,000 requests, a quarter failing: newest kept in order, storage bounded, page unaffected', async () => {
  test.setTimeout(180_000);
  const { page, tabId } = await openApp('storm');
  // Network capture on (the popup was opened on the tab): every request is seen by both views,
  // and each must still be recorded once.
  await inspector.armNetworkCapture(tabId);
  const total = 10_000;
  const result = await runLoad(page, { count: total, concurrency: 20, query: 'storm=1', token: JWT });
  expect(result.statuses).toEqual({ 200: 7_500, 401: 2_500 });
  expect(result.mismatched).toBe(0);

  await expect
    .poll(async () => (await inspector.history(tabId))?.failureCount, { timeout: 30_000 })
    .toBe(2_500);
  const history = (await inspector.history(tabId)) as TabHistory;
  // Each request recorded once (joins held under load), the oldest dropped first.
  expect(history.exchanges).toHaveLength(200);
  expect(history.dropped + history.exchanges.length).toBe(total);
  // Kept in the order recorded: completion times rise, but for the few ms the two views of a
  // request (network and page clocks) may differ by.
  const completed = history.exchanges.map((exchange) => exchange.completedAt);
  for (let index = 1; index < completed.length; index++) {
    expect(completed[index]).toBeGreaterThan((completed[index - 1] ?? 0) - 250);
  }
  const kept = history.exchanges.map((exchange) => indexOf(exchange.url));
  expect(Math.min(...kept)).toBeGreaterThan(total - 400);
  expect(kept).toContain(total - 1);
  expect(history.exchanges.filter((exchange) => exchange.failed)).toHaveLength(
    kept.filter((index) => index % 4 === 0).length,
  );

  const tabBytes = await inspector.sessionBytes(tabId);
  const allBytes = await inspector.sessionBytes();
  expect(tabBytes).toBeLessThan(2 * 1024 * 1024);
  const stormFigures = `${total} requests in ${Math.round(result.ms)} ms; storage.session: ${tabBytes} bytes for the tab, ${allBytes} in all; ${history.exchanges.length} kept, ${history.dropped} dropped`;
  test.info().annotations.push({ type: 'storm', description: stormFigures });
  console.log(`storm: ${stormFigures}`);
  await page.close();
});

test('20 tabs failing at once: each popup shows only its own, and closing the tabs frees their records', async () => {
  test.setTimeout(90_000);
  const tabs = await Promise.all(Array.from({ length: 20 }, (_, index) => openApp(`tab-${index}`)));
  const failuresOf = (index: number) => (index % 4) + 1;
  await Promise.all(
    tabs.map(({ page }, index) =>
      runLoad(page, {
        count: failuresOf(index),
        concurrency: 2,
        query: `fail=all&tab=${index}`,
        token: `tab-${index}-token-${'x'.repeat(20)}`,
      }),
    ),
  );

  for (const [index, { tabId }] of tabs.entries()) {
    await expect
      .poll(async () => (await inspector.history(tabId))?.failureCount, { timeout: 15_000 })
      .toBe(failuresOf(index));
    const history = (await inspector.history(tabId)) as TabHistory;
    for (const exchange of history.exchanges) {
      expect(new URL(exchange.url).searchParams.get('tab')).toBe(String(index));
    }
  }
  for (const [index, { tabId }] of tabs.entries()) {
    const popup = await inspector.openPopup(tabId);
    const count = failuresOf(index);
    await expect(popup.getByTestId('failure-count')).toHaveText(`${count} failure${count === 1 ? '' : 's'}`);
    // Every request the popup names (full URLs are in the title) is this tab's own.
    const urls = await popup
      .locator('.url[title]')
      .evaluateAll((nodes) => nodes.map((node) => (node as HTMLElement).title));
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(new URL(url).searchParams.get('tab')).toBe(String(index));
    await popup.close();
  }

  const ids = tabs.map(({ tabId }) => `tab:${tabId}`);
  expect(await inspector.sessionKeys()).toEqual(expect.arrayContaining(ids));
  // A history is a summary and one key per record: closing the tabs frees all of them.
  const ofTheTabs = (key: string) => ids.some((id) => key === id || key.startsWith(`${id}:`));
  expect((await inspector.sessionKeys()).filter(ofTheTabs).length).toBeGreaterThan(ids.length);
  await Promise.all(tabs.map(({ page }) => page.close()));
  await expect.poll(async () => (await inspector.sessionKeys()).filter(ofTheTabs)).toEqual([]);
});

test('session storage full: the worker keeps the newest failures in memory, says so, and recovers', async () => {
  const { page, tabId } = await openApp('quota');
  const filled = await inspector.fillSessionStorage();
  expect(filled).toBeGreaterThan(9 * 1024 * 1024);
  try {
    await runLoad(page, { count: 3, concurrency: 1, query: 'fail=all&quota=1', token: JWT });

    const popup = await inspector.openPopup(tabId);
    const notice = popup.getByTestId('storage-notice');
    await expect(notice).toHaveAttribute('data-kind', 'memory-only');
    await expect(notice).toContainText('History not saved');
    // The failures are still diagnosed, from the worker's memory.
    await expect(popup.getByTestId('failure-count')).toHaveText('3 failures');
    await expect(popup.locator('[data-cause]').first()).toBeVisible();
    const panel = await inspector.openPanel(tabId);
    await expect(panel.getByTestId('storage-notice')).toHaveAttribute('data-kind', 'memory-only');

    await inspector.clearFiller();
    // The worker retries by itself; the open popup follows.
    await expect(notice).toHaveAttribute('data-kind', 'trimmed', { timeout: 15_000 });
    await expect(notice).toContainText('older records were dropped');
    const history = (await inspector.history(tabId)) as TabHistory;
    expect(history.failureCount).toBe(3);
    expect(history.exchanges.length).toBeGreaterThanOrEqual(1);
    expect(history.storageNotice?.droppedForSpace).toBe(3 - history.exchanges.length);
    expect(indexOf(history.exchanges.at(-1)?.url ?? '')).toBe(2);
    await popup.close();
    await panel.close();
  } finally {
    await inspector.clearFiller();
    await page.close();
  }
});
