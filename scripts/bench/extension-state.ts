import { setTimeout as pause } from 'node:timers/promises';
import type { DemoServer } from '../../e2e/support/demo-server.ts';
import type { BenchBrowser } from './browsers.ts';
import { stormCode } from './page-code.ts';

/**
 * What Auth Inspector has recorded, asked of its worker (code as strings: see page-code.ts). The
 * worker is used rather than an extension page because an open extension page would also receive
 * the worker's change notices during the timed runs, which no real storm has.
 */
async function inWorker<T>(browser: BenchBrowser, code: string, timeoutMs = 15_000): Promise<T> {
  const worker = await browser.worker();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`worker evaluation timed out: ${code.slice(0, 80)}`)),
      timeoutMs,
    );
  });
  try {
    return (await Promise.race([worker.evaluate(code), timeout])) as T;
  } finally {
    clearTimeout(timer);
  }
}

export async function tabIdOf(browser: BenchBrowser, url: string): Promise<number> {
  const id = await inWorker<number | null>(
    browser,
    `chrome.tabs.query({}).then((tabs) => { const tab = tabs.find((tab) => tab.url === ${JSON.stringify(url)}); return tab ? tab.id : null; })`,
  );
  if (id === null) throw new Error(`no tab has the URL ${url}`);
  return id;
}

/**
 * Turns network capture on for a tab, as opening the popup on it does (it is dormant until a tab
 * needs it): the popup asks for the tab's failures, which arms it; the popup is closed again.
 */
export async function armNetworkCapture(browser: BenchBrowser, tabId: number): Promise<void> {
  const popup = await browser.context.newPage();
  try {
    await popup.goto(`chrome-extension://${browser.extensionId}/src/popup/index.html?tab=${tabId}`);
    await popup.locator('main').first().waitFor();
  } finally {
    await popup.close();
  }
}

export interface HistorySummary {
  /** Exchanges kept plus those dropped from the ring: every request recorded once. */
  recorded: number;
  kept: number;
  failureCount: number;
}

export function historySummary(browser: BenchBrowser, tabId: number): Promise<HistorySummary> {
  return inWorker(
    browser,
    // The summary under tab:<id> names its records (src/background/stored-records.ts).
    `chrome.storage.session.get('tab:${tabId}').then((items) => { const history = items['tab:${tabId}']; return history ? { recorded: history.records.length + history.dropped, kept: history.records.length, failureCount: history.failureCount } : { recorded: 0, kept: 0, failureCount: 0 }; })`,
  );
}

export function sessionBytes(browser: BenchBrowser, tabId: number): Promise<number> {
  return inWorker(
    browser,
    `chrome.storage.session.get('tab:${tabId}').then((items) => chrome.storage.session.getBytesInUse(['tab:${tabId}', ...(items['tab:${tabId}']?.records ?? [])]))`,
  );
}

/**
 * Waits until the worker has recorded (and stored) all `count` requests of a tab. Returns how long
 * that took after the call and how many polls it made (each poll is a storage read in the worker).
 */
export async function waitRecorded(
  browser: BenchBrowser,
  tabId: number,
  count: number,
  { pollMs = 100, timeoutMs = 120_000 } = {},
): Promise<{ ms: number; polls: number; complete: boolean; summary: HistorySummary }> {
  const started = performance.now();
  for (let polls = 1; ; polls++) {
    const summary = await historySummary(browser, tabId);
    const ms = performance.now() - started;
    if (summary.recorded >= count) return { ms, polls, complete: true, summary };
    if (ms > timeoutMs) return { ms, polls, complete: false, summary };
    await pause(pollMs);
  }
}

/**
 * Right after install the worker's webRequest listeners can miss the first requests
 * (shared/BROWSER-TESTING.md): send one credentialed call until the worker has recorded one.
 */
export async function warmUpInspector(browser: BenchBrowser, demo: DemoServer, token: string): Promise<void> {
  const page = await browser.context.newPage();
  const url = `${demo.url}/login?bench=warm-up`;
  await page.goto(url);
  const tabId = await tabIdOf(browser, url);
  for (let attempt = 1; ; attempt++) {
    await page.evaluate(stormCode({ count: 1, concurrency: 1, query: '', token }));
    const recorded = await waitRecorded(browser, tabId, 1, { timeoutMs: 2_000 });
    if (recorded.complete) break;
    if (attempt >= 10) throw new Error('Auth Inspector never recorded the warm-up request');
  }
  await page.close();
}
