import { test as base, expect, type Page } from '@playwright/test';
import { type ExtensionBrowser, launchWithExtension } from './support/chromium.ts';
import { type DemoServer, startDemoServer } from './support/demo-server.ts';
import { Inspector } from './support/inspector.ts';

interface WorkerFixtures {
  server: DemoServer;
  extensionBrowser: ExtensionBrowser;
}

interface TestFixtures {
  inspector: Inspector;
  /** A fresh tab on the demo page, with its own URL so it can be found by the worker. */
  demoPage: Page;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  server: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature
    async ({}, use) => {
      const server = await startDemoServer();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],

  extensionBrowser: [
    async ({ server }, use) => {
      const browser = await launchWithExtension({ headless: true });
      await warmUp(browser, server);
      await use(browser);
      await browser.close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],

  inspector: async ({ extensionBrowser }, use) => {
    await use(new Inspector(extensionBrowser));
  },

  demoPage: async ({ extensionBrowser, server }, use, testInfo) => {
    const page = await extensionBrowser.context.newPage();
    await page.goto(`${server.url}/?test=${encodeURIComponent(testInfo.testId)}`);
    await use(page);
    if (!page.isClosed()) await page.close();
  },
});

/**
 * Right after install the worker's webRequest listeners can miss the first requests
 * (shared/BROWSER-TESTING.md): send credentialed requests until one is recorded.
 */
async function warmUp(browser: ExtensionBrowser, server: DemoServer): Promise<void> {
  const inspector = new Inspector(browser);
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/?warm-up`);
  const tabId = await inspector.tabIdOf(page);
  await expect
    .poll(
      async () => {
        await page.evaluate(() => (window as unknown as DemoWindow).authDemo.run('valid-token'));
        return (await inspector.history(tabId))?.exchanges.length ?? 0;
      },
      { timeout: 20_000 },
    )
    .toBeGreaterThan(0);
  await page.close();
}

export interface DemoWindow {
  authDemo: { run(id: string): Promise<{ status: number; body: string }> };
}

export function runScenario(page: Page, id: string): Promise<{ status: number; body: string }> {
  return page.evaluate((scenario) => (window as unknown as DemoWindow).authDemo.run(scenario), id);
}

export { expect };
