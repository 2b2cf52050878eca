import type { ExtensionBrowser } from './chromium.ts';
import type { DemoServer } from './demo-server.ts';
import { Inspector } from './inspector.ts';
import { waitFor } from './wait-for.ts';

/**
 * Right after install the worker's webRequest listeners can miss the first requests
 * (shared/BROWSER-TESTING.md): send credentialed requests until one is recorded.
 */
export async function warmUp(browser: ExtensionBrowser, server: DemoServer): Promise<void> {
  const inspector = new Inspector(browser);
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/?warm-up`);
  const tabId = await inspector.tabIdOf(page);
  await waitFor(
    async () => {
      await page.evaluate(() => (window as unknown as DemoWindow).authDemo.run('valid-token'));
      const recorded = (await inspector.history(tabId))?.exchanges.length ?? 0;
      return recorded > 0 ? true : undefined;
    },
    'the extension to record a warm-up request',
    20_000,
  );
  await page.close();
}

export interface DemoWindow {
  authDemo: { run(id: string): Promise<{ status: number; body: string }> };
}
