import { test as base, expect, type Page } from '@playwright/test';
import { type ExtensionBrowser, launchWithExtension } from './support/chromium.ts';
import { type DemoServer, startDemoServer } from './support/demo-server.ts';
import { Inspector } from './support/inspector.ts';
import { type DemoWindow, warmUp } from './support/warm-up.ts';

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

export function runScenario(page: Page, id: string): Promise<{ status: number; body: string }> {
  return page.evaluate((scenario) => (window as unknown as DemoWindow).authDemo.run(scenario), id);
}

export { expect };
